/**
 * The layers of the project (docs/architecture.md), checked by `npm run lint` (depcruise):
 * no import cycle anywhere, and no import upwards. From the bottom:
 *   leaves      local/java, local/files, local/jsonObject.ts, local/boundedMemo.ts — import no project code
 *   engine      local/engine — the AppSync engine; imports only itself and the leaves
 *   features    local/{http,auth,graphql,evaluate,realtime,rest,cognito,explorer,logging,store} — routes,
 *               protocols, observers, the store; import the engine and each other, never the composition
 *   composition local/{app,main,config,startEarly,apiSchema}.ts, local/dev — read settings, wire the rest
 * and beside them: definitions/ (read by the stack and the composition, imports neither), infra/
 * (the CDK app), resolvers/ (APPSYNC_JS: only themselves and definitions/); harness/ (a local server
 * started as `npm start` runs it, and clients of it) serves test/, bench/ and tools, and imports no test.
 */
const LEAVES = '^local/(java|files)/|^local/(jsonObject|boundedMemo)\\.ts$';
const COMPOSITION = '^local/(app|main|config|startEarly|apiSchema)\\.ts$|^local/dev/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'An import cycle: the two modules cannot be understood or changed apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'leaves-import-no-project-code',
      severity: 'error',
      comment: 'A leaf module is used by every layer, so it imports no project code.',
      from: { path: LEAVES },
      to: { path: '^(local|definitions|infra|resolvers)/', pathNot: LEAVES },
    },
    {
      name: 'engine-imports-only-itself-and-leaves',
      severity: 'error',
      comment:
        'The engine imports nothing from HTTP, auth, logging, the store or definitions/: it is given what it needs and observed through hooks (local/engine/hooks.ts).',
      from: { path: '^local/engine/' },
      to: { path: '^(local|definitions|infra|resolvers)/', pathNot: `^local/engine/|${LEAVES}` },
    },
    {
      name: 'nothing-imports-the-composition',
      severity: 'error',
      comment: 'Only the composition reads settings and wires the rest; nothing below it imports it.',
      from: { path: '^local/', pathNot: COMPOSITION },
      to: { path: COMPOSITION },
    },
    {
      name: 'definitions-import-no-runtime',
      severity: 'error',
      comment: 'definitions/ is read by the CDK stack and the local runtime alike: it imports neither.',
      from: { path: '^definitions/' },
      to: { path: '^(local|infra|resolvers)/' },
    },
    {
      name: 'stack-and-runtime-apart',
      severity: 'error',
      comment: 'The CDK app and the local runtime share definitions/, not code.',
      from: { path: '^infra/' },
      to: { path: '^local/' },
    },
    { name: 'runtime-and-stack-apart', severity: 'error', from: { path: '^local/' }, to: { path: '^infra/' } },
    {
      name: 'resolvers-are-appsync-js',
      severity: 'error',
      comment: 'Resolvers run in AppSync: they import only resolvers/ and definitions/.',
      from: { path: '^resolvers/' },
      to: { path: '^(local|infra)/' },
    },
    {
      name: 'production-code-imports-no-tests',
      severity: 'error',
      from: { path: '^(local|definitions|infra|resolvers|scripts|smoke|bench|harness)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|cdk.out|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};

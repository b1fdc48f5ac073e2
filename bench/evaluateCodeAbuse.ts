/**
 * `npx tsx bench/evaluateCodeAbuse.ts [projectDir]`: issue 24's EvaluateCode abuse, measured
 * (numbers, not pass/fail) against the server of `projectDir` (default: this tree; give a
 * checkout of an older commit, with node_modules linked, for the figures before a change).
 * Each case is posted signed with the server's own IAM key (what any caller who can read DATA_DIR
 * has) while a client sends createOrder one after another; prints the case's answer, the
 * createOrder latencies meanwhile, and whether the server still answers afterwards.
 */
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';
import { createOrder, localIamKey, startLocalServer, type LocalServer } from '../harness/localServer.js';
import { percentile } from './stats.js';

const RESPONSE = '\nexport function response(ctx) { return ctx.result; }\n';
const CASES: [string, string][] = [
  [
    'escape (super/toJSON) runs `id`',
    "export function request(ctx){return {__proto__:[],toJSON(){const p=super.concat()[0].constructor.constructor('return process')();return p.getBuiltinModule('child_process').execSync('id').toString()}}}",
  ],
  ['cyclic result', 'export function request(ctx){ const a = {}; a.a = a; return a; }'],
  ['loop over Array(4e8)', 'export function request(ctx){ let n = 0; for (const x of Array(4e8)) { n = n + 1; } return n; }'],
  [
    "util.matches('(a|a)+', 'a'×26 + '!')",
    `import { util } from '@aws-appsync/utils';\nexport function request(ctx){ return util.matches('(a|a)+', '${'a'.repeat(26)}!'); }`,
  ],
  ['import("x")', 'export function request(ctx){ import("x"); return {}; }'],
  [
    'array pushed inside its own for-of',
    'export function request(ctx){ const a = [1]; for (const x of a) { a.push(x); } return a.length; }',
  ],
];

async function alive(server: LocalServer): Promise<boolean> {
  try {
    return (
      (await createOrder(server, { store_id: 'alive', order_id: `a${Date.now()}${Math.random()}`, user_id: 'u', grand_total: 1 }))
        .status === 200
    );
  } catch {
    return false;
  }
}

const projectDir = process.argv[2];
for (const [name, code] of CASES) {
  // A server per case: a case that kills it must not hide the next one's figure.
  const server = await startLocalServer({
    launcher: 'tsx',
    ...(projectDir ? { projectDir } : {}),
    env: { EVALUATE_CODE_TIMEOUT_MS: '10000' },
  });
  const client = new AppSyncClient({ endpoint: server.url, region: 'us-east-1', credentials: localIamKey(server), maxAttempts: 1 });
  for (let i = 0; i < 20; i += 1) await alive(server);
  const started = performance.now();
  let answer = '';
  let done = false;
  const evaluation = client
    .send(
      new EvaluateCodeCommand({
        runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
        code: code + RESPONSE,
        context: '{}',
        function: 'request',
      }),
    )
    .then((out) => (answer = JSON.stringify(out.error ?? out.evaluationResult).slice(0, 90)))
    .catch((error: unknown) => (answer = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 90)))
    .finally(() => (done = true));
  const latencies: number[] = [];
  let failed = 0;
  await new Promise((resolve) => setTimeout(resolve, 50));
  while (!done && performance.now() - started < 20_000) {
    const t = performance.now();
    if (!(await alive(server))) failed += 1;
    latencies.push(performance.now() - t);
    if (failed > 0) break;
  }
  await evaluation;
  const took = Math.round(performance.now() - started);
  const up = await alive(server);
  latencies.sort((a, b) => a - b);
  const p = (q: number): string => (latencies.length ? `${Math.round(percentile(latencies, q))}` : '-');
  console.log(
    `${name}: answer in ${took} ms: ${answer} | createOrder meanwhile n=${latencies.length} (failed ${failed}) p50 ${p(50)} ms max ${p(100)} ms | server up after: ${up}`,
  );
  client.destroy();
  await server.stop('SIGKILL');
}

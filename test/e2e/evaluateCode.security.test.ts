/**
 * EvaluateCode as an attacker on this machine would call it (issue 24, defects 1 and 4): who may
 * call it, what submitted code can reach, and what it can do to the server. The escape corpus is
 * the known ways out of a node:vm realm, each trying to run a command and read the server's
 * secrets; none may succeed, and the server must keep serving /graphql throughout.
 */
import { AppSyncClient, EvaluateCodeCommand, type EvaluateCodeCommandOutput } from '@aws-sdk/client-appsync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, localIamKey, startLocalServer, type LocalServer } from '../../harness/localServer.js';

const TIMEOUT_MS = 1500;
let server: LocalServer;
let client: AppSyncClient;
let secrets: string[];

beforeAll(async () => {
  server = await startLocalServer({ env: { EVALUATE_CODE_TIMEOUT_MS: String(TIMEOUT_MS) } });
  const key = localIamKey(server);
  client = new AppSyncClient({ endpoint: server.url, region: 'us-east-1', credentials: key, maxAttempts: 1 });
  const pool = readFileSync(join(server.dataDir, 'cognito', 'pool.json'), 'utf8');
  secrets = [server.apiKey, key.secretAccessKey, (JSON.parse(pool) as { signingKey: { d: string } }).signingKey.d];
});
afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

const evaluate = (code: string, context: unknown = { arguments: {} }): Promise<EvaluateCodeCommandOutput> =>
  client.send(
    new EvaluateCodeCommand({
      runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
      code,
      context: JSON.stringify(context),
      function: 'request',
    }),
  );

const RESPONSE = '\nexport function response(ctx) { return ctx.result; }\n';
const MARKER = (): string => join(server.dataDir, 'escaped');
/** What escaped code would do with `process`: run a command, read the keys, leave a mark. */
const PAYLOAD = (p: string): string =>
  `[${p}.getBuiltinModule('child_process').execSync('id').toString(), ${p}.getBuiltinModule('fs').readFileSync(${p}.env.DATA_DIR + '/api-key', 'utf8'), ${p}.getBuiltinModule('fs').writeFileSync(${p}.env.DATA_DIR + '/escaped', 'x')]`;

const corpus: [string, string][] = [
  [
    'super in a method host code calls (toJSON of the result; the issue-24 report)',
    `export function request(ctx){return {__proto__:[],toJSON(){const p=super.concat()[0].constructor.constructor('return process')();return ${PAYLOAD('p')}}}}`,
  ],
  [
    "a host object's constructor chain (util)",
    `import { util } from '@aws-appsync/utils';\nexport function request(ctx){const p=util.constructor.constructor('return process')();return ${PAYLOAD('p')};}`,
  ],
  [
    "a host function's constructor (util.autoId)",
    `import { util } from '@aws-appsync/utils';\nexport function request(ctx){const p=util.autoId.constructor('return process')();return ${PAYLOAD('p')};}`,
  ],
  [
    "ctx's constructor chain",
    `export function request(ctx){const p=ctx.constructor.constructor('return process')();return ${PAYLOAD('p')};}`,
  ],
  [
    '__proto__ of a host function',
    `import { util } from '@aws-appsync/utils';\nexport function request(ctx){const p=util.time.nowISO8601.__proto__.constructor('return process')();return ${PAYLOAD('p')};}`,
  ],
  [
    'a toString host code calls while formatting (console.log)',
    `export function request(ctx){console.log({__proto__:[],toString(){const p=super.concat()[0].constructor.constructor('return process')();return ${PAYLOAD('p')}}});return {};}`,
  ],
  [
    'toJSON in the stash host code copies back',
    `export function request(ctx){ctx.stash.x={__proto__:[],toJSON(){const p=super.concat()[0].constructor.constructor('return process')();return ${PAYLOAD('p')}}};return {};}`,
  ],
  [
    'a getter host code reads while copying the result',
    `export function request(ctx){return {__proto__:[],get x(){const p=super.concat()[0].constructor.constructor('return process')();return ${PAYLOAD('p')}}};}`,
  ],
  [
    'toJSON in util.error data',
    `import { util } from '@aws-appsync/utils';\nexport function request(ctx){util.error('m','T',{__proto__:[],toJSON(){const p=super.concat()[0].constructor.constructor('return process')();return ${PAYLOAD('p')}}});return {};}`,
  ],
  [
    'Symbol.toPrimitive host code calls (util.str.toUpper)',
    `import { util } from '@aws-appsync/utils';\nexport function request(ctx){return util.str.toUpper({__proto__:[],toString(){const p=super.concat()[0].constructor.constructor('return process')();return ${PAYLOAD('p')}}});}`,
  ],
  [
    'Function.prototype of an arrow function',
    `export function request(ctx){const p=(() => 1).constructor('return process')();return ${PAYLOAD('p')};}`,
  ],
  ['globalThis', `export function request(ctx){const p=globalThis.process;return ${PAYLOAD('p')};}`],
];

describe('who may call it', () => {
  it('refuses a SigV4-shaped header that is not signed by the local key (any signature was accepted before)', async () => {
    const forged = await fetch(`${server.url}/v1/dataplane-evaluatecode`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
        authorization: `AWS4-HMAC-SHA256 Credential=AKIAANYTHING/${new Date().toISOString().slice(0, 10).replaceAll('-', '')}/us-east-1/appsync/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
      },
      body: JSON.stringify({
        code: 'export function request(){return 1}',
        context: '{}',
        runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
      }),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('x-amzn-errortype')).toBe('UnrecognizedClientException');
    const wrongSecret = new AppSyncClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { ...localIamKey(server), secretAccessKey: 'not-the-local-secret-000000000000' },
      maxAttempts: 1,
    });
    await expect(
      wrongSecret.send(
        new EvaluateCodeCommand({
          runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
          code: 'export function request(){return 1}',
          context: '{}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    wrongSecret.destroy();
  });
});

describe('the escape corpus: submitted code reaches nothing of the server', () => {
  for (const [name, code] of corpus) {
    it(name, async () => {
      const out = await evaluate(code + RESPONSE);
      const text = JSON.stringify(out);
      expect(text).not.toMatch(/uid=\d+/);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(existsSync(MARKER())).toBe(false);
      // The server answers as before.
      expect(
        (await createOrder(server, { store_id: 'esc', order_id: `o-${name.length}-${Math.random()}`, user_id: 'u', grand_total: 1 }))
          .status,
      ).toBe(200);
    });
  }
});

describe('code that would stop the server stops only its evaluation', () => {
  it('import() is refused as syntax (it crashed the server)', async () => {
    const out = await evaluate(`export function request(ctx){ import('node:fs'); return {}; }${RESPONSE}`);
    expect(out.error?.codeErrors?.[0]).toMatchObject({ errorType: 'PARSE_ERROR' });
    expect(out.error?.message).toMatch(/dynamic 'import\(\)'/);
  });

  it("an array pushed inside its own for-of (V8's fatal invalid size) ends that evaluation; the next one runs", async () => {
    const out = await evaluate(
      `export function request(ctx){ const a = [1]; for (const x of a) { a.push(x); } return a.length; }${RESPONSE}`,
    );
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error?.message).toMatch(/more memory than an evaluation may|Execution timed out/);
    expect((await evaluate(`export function request(ctx){ return 41 + 1; }${RESPONSE}`)).evaluationResult).toBe('42');
  });

  it('a result that refers to itself is an error, not a 500', async () => {
    const out = await evaluate(`export function request(ctx){ const a = { n: 1 }; a.self = a; return a; }${RESPONSE}`);
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error?.message).toMatch(/refers to itself/);
  });

  for (const [name, body] of [
    ['a loop over Array(4e8)', 'let n = 0; for (const x of Array(4e8)) { n = n + 1; } return n;'],
    ["util.matches('(a|a)+', …) backtracking", `return util.matches('(a|a)+b', '${'a'.repeat(40)}!');`],
  ]) {
    it(`${name}: "Execution timed out." at the deadline, while /graphql keeps answering`, async () => {
      const started = Date.now();
      const evaluation = evaluate(`import { util } from '@aws-appsync/utils';\nexport function request(ctx){ ${body} }${RESPONSE}`);
      // Meanwhile the server answers at once.
      const latencies: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const t = Date.now();
        expect((await createOrder(server, { store_id: 'busy', order_id: `o-${started}-${i}`, user_id: 'u', grand_total: 1 })).status).toBe(
          200,
        );
        latencies.push(Date.now() - t);
      }
      const out = await evaluation;
      const took = Date.now() - started;
      expect(Math.max(...latencies)).toBeLessThan(TIMEOUT_MS);
      if (out.error) {
        expect(out.error.message).toBe('Execution timed out.');
        expect(took).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      } else {
        // V8 ran the pattern in linear time: answered, and false.
        expect(out.evaluationResult).toBe('false');
      }
      expect(took).toBeLessThan(TIMEOUT_MS + 3000);
    });
  }
});

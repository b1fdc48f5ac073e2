/**
 * AppSync's EvaluateCode API on the local port, called with the real AWS SDK client
 * (`@aws-sdk/client-appsync`'s EvaluateCodeCommand, endpoint = the local server).
 * Documented example: https://docs.aws.amazon.com/appsync/latest/devguide/test-resolvers.html
 */
import { AppSyncClient, EvaluateCodeCommand, type EvaluateCodeCommandOutput } from '@aws-sdk/client-appsync';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { localIamKey, startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;
let client: AppSyncClient;

beforeAll(async () => {
  server = await startLocalServer();
  // As on AWS, EvaluateCode is an IAM call: signed with the local key (DATA_DIR/iam-credentials.json).
  client = new AppSyncClient({ endpoint: server.url, region: 'us-east-1', credentials: localIamKey(server), maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await server?.stop();
});

const evaluate = (code: string, context: unknown, handler: 'request' | 'response' = 'request'): Promise<EvaluateCodeCommandOutput> =>
  client.send(
    new EvaluateCodeCommand({
      runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
      code,
      context: JSON.stringify(context),
      function: handler,
    }),
  );

/** Line 5 and line 9 log, at column 3, as in the documented answer. */
const DOCUMENTED_CODE = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const { id, owner, expectedVersion, authorId } = ctx.args;
  console.log('current id', id);
  const key = util.dynamodb.toMapValues({ id });
  const attributeValues = util.dynamodb.toMapValues({ owner, expectedVersion, authorId });
  const request = { operation: 'PutItem', key, attributeValues };
  console.log('request evaluated');
  return request;
}

export function response(ctx) {
  return ctx.result;
}
`;

describe('EvaluateCode (POST /v1/dataplane-evaluatecode)', () => {
  it("answers the documented example with AppSync's evaluationResult and logs", async () => {
    const out = await evaluate(DOCUMENTED_CODE, {
      arguments: { id: 'record-id', owner: 'John doe', expectedVersion: 2, authorId: 'Sammy Davis' },
    });
    expect(out.error).toBeUndefined();
    expect(out.evaluationResult).toBe(
      '{"operation":"PutItem","key":{"id":{"S":"record-id"}},"attributeValues":{"owner":{"S":"John doe"},"expectedVersion":{"N":2},"authorId":{"S":"Sammy Davis"}}}',
    );
    expect(out.logs).toEqual(['INFO - code.js:5:3: "current id" "record-id"', 'INFO - code.js:9:3: "request evaluated"']);
    expect(out.outErrors).toBe('[]');
  });

  it('evaluates the response handler on ctx.result and returns the stash it was given', async () => {
    const out = await evaluate(DOCUMENTED_CODE, { arguments: {}, result: { id: 'r1' }, stash: { before: 1 } }, 'response');
    expect(out.error).toBeUndefined();
    expect(JSON.parse(out.evaluationResult!)).toEqual({ id: 'r1' });
    expect(JSON.parse(out.stash!)).toEqual({ before: 1 });
  });

  it('reports util.error as error.message with no evaluationResult, and appendError in outErrors', async () => {
    const code = `import { util } from '@aws-appsync/utils';
export function request(ctx) {
  util.appendError('first problem', 'Soft');
  console.log('about to fail', { n: 1 });
  util.error('Order is not valid', 'ValidationError');
  return {};
}
export function response(ctx) { return ctx.result; }
`;
    const out = await evaluate(code, { arguments: {} });
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error?.message).toBe('Order is not valid');
    expect(out.logs).toEqual(['INFO - code.js:4:3: "about to fail" {"n":1}']);
    expect(JSON.parse(out.outErrors!)).toEqual([{ message: 'first problem', errorType: 'Soft', data: null, errorInfo: null }]);
  });

  it('reports a syntax error as a code error with its location', async () => {
    const out = await evaluate('export function request(ctx) {\n  return { a: 1 ;\n}\n', { arguments: {} });
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error?.message).toMatch(/^code\.js\(2,\d+\): error .*Unexpected token/);
    expect(out.error?.codeErrors?.[0]).toMatchObject({ errorType: 'PARSE_ERROR', location: { line: 2 } });
  });

  it('reports a handler the code does not export, and an exception the code throws', async () => {
    const missing = await evaluate('export function request(ctx) { return {}; }\n', { arguments: {} }, 'response');
    expect(missing.error?.message).toBe('Error: Unable to find valid export for response');
    const thrown = await evaluate('export function request(ctx) { return ctx.args.missing.deeper; }\n', { arguments: {} });
    expect(thrown.evaluationResult).toBeUndefined();
    expect(thrown.error?.message).toMatch(/^TypeError: /);
  });

  it('evaluates the deployed createOrder bundle exactly as the runtime runs it', async () => {
    const code = readFileSync(bundlePathOf('Mutation.createOrder'), 'utf8');
    const input = { store_id: 's1', order_id: 'o1', user_id: 'u1', grand_total: 110 };
    const out = await evaluate(code, { arguments: { input } });
    expect(out.error).toBeUndefined();
    const request = JSON.parse(out.evaluationResult!);
    expect(request).toMatchObject({ operation: 'PutItem', key: { store_id: { S: 's1' }, order_id: { S: 'o1' } } });
    expect(request.attributeValues.write_id.S).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await evaluate(code, { arguments: { input: { ...input, grand_total: -1 } } });
    expect(bad.error?.message).toMatch(/grand_total/);
  });

  it('refuses a request that is not SigV4-signed, and a malformed one, as AWS errors', async () => {
    const unsigned = await fetch(`${server.url}/v1/dataplane-evaluatecode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'x', context: '{}', runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' } }),
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    await expect(
      client.send(new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '9.9.9' }, code: 'x', context: '{}' })),
    ).rejects.toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    await expect(evaluate('export function request() { return 1; }', 'not an object')).rejects.toMatchObject({
      name: 'BadRequestException',
    });
  });
});

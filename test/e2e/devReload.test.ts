/**
 * `npm run dev` (local/main.ts --watch) in a temporary copy of the project: saved resolvers and
 * schema swap into the running server without a restart; a broken save keeps the last good
 * version serving and says where the problem is; the next good save recovers; an open real-time
 * subscription lives through every reload.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, gql, startLocalServer, userOrders, type ServerProcess } from '../../harness/localServer.js';
import { copyProject, type ProjectCopy } from '../../harness/projectCopy.js';
import { ON_CREATE_ORDER, rawClient, startMessage, type RawClient } from '../../harness/realtimeClients.js';

let copy: ProjectCopy;
let server: ServerProcess;
let subscriber: RawClient;
const store_id = `dev-${randomUUID().slice(0, 8)}`;
const user_id = 'user-dev';

const resolverPath = (): string => join(copy.dir, 'resolvers', 'Query.userOrders.ts');
const DEFAULT_LIMIT = /const DEFAULT_LIMIT = [^;\n]*;/;

/** Line (1-based) of DEFAULT_LIMIT in the resolver source. */
const defaultLimitLine = (): number =>
  readFileSync(resolverPath(), 'utf8')
    .split('\n')
    .findIndex((l) => DEFAULT_LIMIT.test(l)) + 1;

/**
 * Saves as editors with atomic save do (a temporary file renamed over the old one), so the watcher
 * never reads a half-written file and each save is seen as one state.
 */
function saveFile(path: string, text: string): void {
  writeFileSync(`${path}.saving`, text);
  renameSync(`${path}.saving`, path);
}

function editResolver(edit: (source: string) => string): void {
  saveFile(resolverPath(), edit(readFileSync(resolverPath(), 'utf8')));
}

/** Saves the edit and waits for the reloader's next line that matches (only output after the save counts). */
async function saveAndWait(edit: () => void, expected: RegExp, timeoutMs = 15_000): Promise<string> {
  const before = server.output().length;
  edit();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fresh = server.output().slice(before);
    if (expected.test(fresh)) return fresh;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${expected} within ${timeoutMs} ms; output since the save:\n${server.output().slice(before)}`);
}

const listed = async (): Promise<number> => {
  const { body } = await userOrders(server, { store_id, user_id });
  expect(body.errors).toBeUndefined();
  return (body.data as { userOrders: { items: unknown[] } }).userOrders.items.length;
};

beforeAll(async () => {
  copy = copyProject('orders-dev-');
  server = await startLocalServer({ launcher: 'tsx', projectDir: copy.dir, args: ['--watch'] });
  for (let i = 0; i < 8; i += 1) {
    const { body } = await createOrder(server, { store_id, order_id: `o-${i}`, user_id, grand_total: 10 + i });
    expect(body.errors).toBeUndefined();
  }
  subscriber = await rawClient(server, server.apiKey);
  subscriber.send({ type: 'connection_init' });
  await subscriber.next((m) => m.type === 'connection_ack');
  subscriber.send(startMessage(server, 'sub-1', server.apiKey, ON_CREATE_ORDER, { store_id }));
  await subscriber.next((m) => m.type === 'start_ack' && m.id === 'sub-1');
}, 60_000);

afterAll(async () => {
  subscriber?.close();
  await server?.stop();
  copy?.remove();
});

describe('npm run dev', () => {
  it('says it is watching', () => {
    expect(server.output()).toContain('dev: watching resolvers/, definitions/ and schema.graphql');
  });

  it('serves a saved resolver from the next request on, without a restart', async () => {
    expect(await listed()).toBe(5);
    const pid = server.process.pid;
    const said = await saveAndWait(
      () => editResolver((s) => s.replace(DEFAULT_LIMIT, 'const DEFAULT_LIMIT = 3;')),
      /dev: reloaded \(Query\.userOrders\) in [\d.]+ ms/,
    );
    expect(said).not.toMatch(/failed/);
    expect(await listed()).toBe(3);
    expect(server.process.pid).toBe(pid);
    expect(server.process.exitCode).toBeNull();
  });

  it('keeps the last good version on a syntax error and names the file and line', async () => {
    const said = await saveAndWait(() => editResolver((s) => s.replace(DEFAULT_LIMIT, 'const DEFAULT_LIMIT = 4 +;')), /reload failed/);
    expect(said).toContain('still serving the last good version');
    expect(said).toMatch(new RegExp(`resolvers/Query\\.userOrders\\.ts:${defaultLimitLine()}:\\d+: `));
    expect(await listed()).toBe(3);
  });

  it('keeps the last good version on a statement APPSYNC_JS refuses, at its source line', async () => {
    const said = await saveAndWait(
      () => editResolver((s) => s.replace(/const DEFAULT_LIMIT = [^\n]*/, 'const DEFAULT_LIMIT = 4;\nlet bumps = 0;\nbumps++;')),
      /reload failed/,
    );
    expect(said).toMatch(
      new RegExp(`resolvers/Query\\.userOrders\\.ts:${defaultLimitLine() + 2}:1: APPSYNC_JS does not support the '\\+\\+' operator`),
    );
    expect(await listed()).toBe(3);
  });

  it('recovers on the next good save', async () => {
    const said = await saveAndWait(
      () => editResolver((s) => s.replace('\nlet bumps = 0;\nbumps++;', '')),
      /dev: fixed; reloaded \(Query\.userOrders\)/,
    );
    expect(said).toMatch(/in [\d.]+ ms/);
    expect(await listed()).toBe(4);
  });

  it("a resolver whose loop never ends answers AppSync's ExecutionTimeout, and the server serves on", async () => {
    const LIMIT_LINE = '  const limit = ctx.args.limit ?? DEFAULT_LIMIT;';
    const ENDLESS = `${LIMIT_LINE}\n  const grown = [limit];\n  for (const n of grown) {\n    grown.push(n);\n  }`;
    expect(readFileSync(resolverPath(), 'utf8')).toContain(LIMIT_LINE);
    await saveAndWait(() => editResolver((s) => s.replace(LIMIT_LINE, ENDLESS)), /dev: reloaded \(Query\.userOrders\)/);
    const started = Date.now();
    const { body } = await userOrders(server, { store_id, user_id });
    expect(body.errors?.[0]).toMatchObject({ path: ['userOrders'], errorType: 'ExecutionTimeout', message: 'Execution timed out.' });
    expect(Date.now() - started).toBeLessThan(15_000);
    await saveAndWait(() => editResolver((s) => s.replace(ENDLESS, LIMIT_LINE)), /dev: reloaded \(Query\.userOrders\)/);
    expect(await listed()).toBe(4);
  });

  it('re-validates a saved schema against the wiring, and swaps in a good one', async () => {
    const schemaPath = join(copy.dir, 'schema.graphql');
    const original = readFileSync(schemaPath, 'utf8');
    // A Query field with no resolver file: AppSync would have nothing to run; the server keeps the old schema.
    const unwired = await saveAndWait(
      () => saveFile(schemaPath, original.replace(/type Query([^{]*)\{/, 'type Query$1{\n  ping: String')),
      /reload failed/,
    );
    expect(unwired).toContain('Query.ping has no resolver file in resolvers/');
    expect(await listed()).toBe(4);

    const broken = await saveAndWait(() => saveFile(schemaPath, `${original}\ntype Broken {\n`), /reload failed/);
    expect(broken).toMatch(/schema\.graphql:\d+:\d+: Syntax Error/);

    await saveAndWait(
      () => saveFile(schemaPath, `${original}\n"""Added while the server ran."""\ntype DevExtra {\n  note: String\n}\n`),
      /reloaded \(schema\.graphql\)/,
    );
    const { body } = await gql(server, '{ __type(name: "DevExtra") { name fields { name } } }');
    expect(body.data).toEqual({ __type: { name: 'DevExtra', fields: [{ name: 'note' }] } });
    expect(await listed()).toBe(4);
  });

  it('keeps the real-time subscription opened before the reloads', async () => {
    const { body } = await createOrder(server, { store_id, order_id: 'after-reloads', user_id, grand_total: 99 });
    expect(body.errors).toBeUndefined();
    const event = await subscriber.next(
      (m) => m.type === 'data' && m.id === 'sub-1' && m.payload?.data?.onCreateOrder?.order_id === 'after-reloads',
    );
    expect(event.payload.data.onCreateOrder).toMatchObject({ store_id, order_id: 'after-reloads', grand_total: 99 });
  });
});

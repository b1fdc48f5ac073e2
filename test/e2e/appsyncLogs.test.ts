/**
 * The server's stderr as AppSync's CloudWatch log group would hold it: with LOG_LEVEL=ALL every
 * JSON line is one of AppSync's log types with its documented field names
 * (https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html, "Log type reference");
 * unset, one line per request.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_FIELDS } from '../../local/logging/appsyncLogEntries.js';
import { createOrder, startLocalServer, userOrders, type ServerProcess } from '../../harness/localServer.js';

const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const start = async (LOG_LEVEL: string): Promise<ServerProcess> => {
  const server = await startLocalServer({ launcher: 'start', env: { LOG_LEVEL } });
  servers.push(server);
  return server;
};

/** Output settles after the response: the log lines are written when the request ends. */
const settled = async (server: ServerProcess, done: (out: string) => boolean): Promise<string> => {
  for (let i = 0; i < 100 && !done(server.output()); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  return server.output();
};

describe('LOG_LEVEL=ALL', () => {
  it("writes AppSync's entries for each resolver and request, with AppSync's field names", async () => {
    const server = await start('ALL');
    const store_id = `logs-${randomUUID().slice(0, 8)}`;
    expect((await createOrder(server, { store_id, order_id: 'o1', user_id: 'u1', grand_total: 5 })).body.errors).toBeUndefined();
    expect((await userOrders(server, { store_id, user_id: 'u1' })).body.errors).toBeUndefined();
    const out = await settled(server, (o) => (o.match(/"logType":"RequestSummary"/g) ?? []).length >= 2);
    const entries = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const types = entries.map((e) => e.logType);
    expect(types).toEqual([
      'RequestMapping',
      'ResponseMapping',
      'Tracing',
      'ExecutionSummary',
      'RequestSummary',
      'RequestMapping',
      'ResponseMapping',
      'Tracing',
      'ExecutionSummary',
      'RequestSummary',
    ]);
    for (const entry of entries)
      expect(Object.keys(entry).sort(), String(entry.logType)).toEqual(
        [...DOCUMENTED_FIELDS[entry.logType as keyof typeof DOCUMENTED_FIELDS]].sort(),
      );
    // The Logs Insights sample query "resolvers with the most errors" reads these fields.
    const mapping = entries.filter((e) => e.logType === 'RequestMapping' && e.fieldName === 'userOrders')[0]!;
    expect(mapping).toMatchObject({
      parentType: 'Query',
      fieldInError: false,
      resolverArn: expect.stringMatching(/:apis\/local\/types\/Query\/resolvers\/userOrders$/),
    });
    expect(JSON.parse(mapping.transformedTemplate as string)).toMatchObject({ operation: 'Query', index: expect.any(String) });
  }, 60_000);
});

describe('LOG_LEVEL unset', () => {
  it('writes one line per request: operation, fields, outcome, duration', async () => {
    const server = await start('');
    await userOrders(server, { store_id: 's', user_id: 'u1' });
    await userOrders(server, { store_id: 's', user_id: 'u1', limit: 0 });
    const out = await settled(server, (o) => /userOrders error/.test(o));
    const lines = out.split('\n').filter((l) => /^query /.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^query UserOrders userOrders ok \d+\.\d ms$/),
      expect.stringMatching(/^query UserOrders userOrders error ValidationError: limit must be between 1 and 50 \(got 0\) \d+\.\d ms$/),
    ]);
  }, 60_000);
});

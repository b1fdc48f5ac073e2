/**
 * The store goes away and comes back: the server (DYNAMODB_ENDPOINT → a dynalite this test owns)
 * answers every request in bounded time with a GraphQL error that has an errorType, keeps
 * serving, and works again — same data — once the store is back on the same port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, startLocalServer, userOrders, type ServerProcess } from '../../harness/localServer.js';
import { ownedDynalite, type OwnedStore } from '../support/faultyStore.js';

let store: OwnedStore;
let server: ServerProcess;

beforeAll(async () => {
  store = await ownedDynalite();
  await store.start();
  server = await startLocalServer({ launcher: 'start', env: { DYNAMODB_ENDPOINT: store.endpoint }, tableName: 'Orders' });
});
afterAll(async () => {
  await server?.stop();
  await store?.stop();
});

/** Generous: "no hang", not a speed claim. The client's own budget is 3 attempts, 2 s to connect. */
const NO_HANG_MS = 20_000;

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

describe('store unreachable', () => {
  it('answers createOrder and userOrders with DynamoDB:ServiceUnavailableException in bounded time, then recovers with the data intact', async () => {
    const before = await createOrder(server, { store_id: 'down', order_id: 'kept', user_id: 'u', grand_total: 110 });
    expect(before.body.errors).toBeUndefined();

    await store.stop();
    const attempts = await Promise.all([
      timed(createOrder(server, { store_id: 'down', order_id: 'lost', user_id: 'u', grand_total: 1 })),
      timed(userOrders(server, { store_id: 'down', user_id: 'u' })),
      ...Array.from({ length: 8 }, (_, i) =>
        timed(createOrder(server, { store_id: 'down', order_id: `p${i}`, user_id: 'u', grand_total: i })),
      ),
    ]);
    for (const { value, ms } of attempts) {
      expect(ms).toBeLessThan(NO_HANG_MS);
      expect(value.status).toBe(200);
      const [field] = Object.keys(value.body.data ?? {});
      expect(value.body.data).toEqual({ [field!]: null });
      expect(value.body.errors).toHaveLength(1);
      expect(value.body.errors![0]!.errorType).toBe('DynamoDB:ServiceUnavailableException');
      expect(value.body.errors![0]!.message).toMatch(/could not be reached/);
    }

    // The server itself is fine meanwhile: requests that need no store are answered.
    const health = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
      body: '{"query":"{ __typename }"}',
    });
    expect(await health.json()).toEqual({ data: { __typename: 'Query' } });

    await store.start();
    const after = await userOrders(server, { store_id: 'down', user_id: 'u', limit: 50 });
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data!.userOrders.items.map((o: { order_id: string }) => o.order_id)).toEqual(['kept']);
    const again = await createOrder(server, { store_id: 'down', order_id: 'lost', user_id: 'u', grand_total: 1 });
    expect(again.body.errors).toBeUndefined();
    expect(server.process.exitCode).toBeNull();
  });

  it('survives several outages in a row', async () => {
    for (let round = 0; round < 3; round += 1) {
      await store.stop();
      const { value, ms } = await timed(userOrders(server, { store_id: 'flap', user_id: 'u' }));
      expect(ms).toBeLessThan(NO_HANG_MS);
      expect(value.body.errors![0]!.errorType).toBe('DynamoDB:ServiceUnavailableException');
      await store.start();
      const ok = await createOrder(server, { store_id: 'flap', order_id: `r${round}`, user_id: 'u', grand_total: round });
      expect(ok.body.errors).toBeUndefined();
    }
    const list = await userOrders(server, { store_id: 'flap', user_id: 'u' });
    expect(list.body.data!.userOrders.items).toHaveLength(3);
  });
});

/**
 * A slow store, then a stalled one, through a TCP proxy that delays (or holds) every byte: slow
 * answers still come back right; a store that stops answering gives a clear error with an
 * errorType in bounded time instead of a hang; and requests succeed again once it answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, startLocalServer, userOrders, type LocalServer } from '../../harness/localServer.js';
import { ownedDynalite, slowProxy, type OwnedStore, type SlowProxy } from '../support/faultyStore.js';

let store: OwnedStore;
let proxy: SlowProxy;
let server: LocalServer;

beforeAll(async () => {
  store = await ownedDynalite();
  await store.start();
  proxy = await slowProxy(store);
  server = await startLocalServer({ env: { DYNAMODB_ENDPOINT: proxy.endpoint }, tableName: 'Orders' });
});
afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  await store?.stop();
});

describe('slow store', () => {
  it('answers correctly, only later, when every byte is delayed 200 ms', async () => {
    proxy.delayMs = 200;
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createOrder(server, { store_id: 'slow', order_id: `s${i}`, user_id: 'u', grand_total: i })),
    );
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const list = await userOrders(server, { store_id: 'slow', user_id: 'u', limit: 10 });
    expect(list.body.data!.userOrders.items).toHaveLength(6);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400); // the delay was real
    proxy.delayMs = 0;
  });

  it('a stalled store gives a clear error in bounded time (no hang), and service resumes', async () => {
    proxy.stalled = true;
    const started = Date.now();
    const results = await Promise.all([
      createOrder(server, { store_id: 'stall', order_id: 'x', user_id: 'u', grand_total: 1 }),
      userOrders(server, { store_id: 'stall', user_id: 'u' }),
    ]);
    const ms = Date.now() - started;
    // The runtime's DynamoDB client: 10 s per attempt, 3 attempts. Bounded, with room to spare.
    expect(ms).toBeLessThan(60_000);
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body.errors![0]!.errorType).toBe('DynamoDB:ServiceUnavailableException');
      expect(String(r.body.errors![0]!.message)).toMatch(/could not be reached/);
    }
    proxy.stalled = false;
    const ok = await createOrder(server, { store_id: 'stall', order_id: 'after', user_id: 'u', grand_total: 2 });
    expect(ok.body.errors).toBeUndefined();
    console.log(`stalled store: error after ${ms} ms`);
  }, 90_000);
});

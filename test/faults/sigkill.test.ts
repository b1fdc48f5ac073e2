/**
 * SIGKILL under concurrent load, three times over on one DATA_DIR. Goes further than the lifecycle
 * test (one kill, ids only): after every restart each acknowledged order is there with exactly the
 * content that was acknowledged, re-creating it is refused (it really exists), and an order whose
 * request was cut off is either absent or whole — never half-written. Embedded store only: the
 * point is the embedded store's durability.
 */
import { describe, expect, it } from 'vitest';
import type { CreateOrderMutation } from '../../harness/generated/operations.js';
import { createOrder, startLocalServer, tempDataDir, userOrders, type LocalServer } from '../../harness/localServer.js';

type Order = CreateOrderMutation['createOrder'];

const WRITERS = 8;
const READERS = 2;

async function listAll(server: LocalServer, user_id: string): Promise<Order[]> {
  const out: Order[] = [];
  let nextToken: string | null = null;
  do {
    const { body } = await userOrders(server, { store_id: 'killed', user_id, limit: 50, nextToken });
    expect(body.errors).toBeUndefined();
    out.push(...(body.data!.userOrders.items as Order[]));
    nextToken = body.data!.userOrders.nextToken;
  } while (nextToken);
  return out;
}

describe('SIGKILL under load', () => {
  it('loses nothing acknowledged and half-writes nothing, across three kills', async () => {
    const dataDir = tempDataDir();
    const acknowledged = new Map<string, Order>();
    const attempted = new Set<string>();
    let apiKey: string | undefined;

    for (let cycle = 0; cycle < 3; cycle += 1) {
      const server = await startLocalServer({ launcher: 'start', dataDir, ...(apiKey ? { apiKey } : {}) });
      apiKey = server.apiKey;

      // Everything acknowledged in earlier lives is still there, exactly as acknowledged.
      const stored = new Map<string, Order>();
      for (let w = 0; w < WRITERS; w += 1) for (const o of await listAll(server, `u${w}`)) stored.set(o.order_id, o);
      for (const [id, order] of acknowledged) expect(stored.get(id), `acknowledged ${id} after kill ${cycle}`).toEqual(order);
      for (const [id, order] of stored) {
        expect(attempted.has(id)).toBe(true);
        expect(Object.keys(order).sort()).toEqual(['created_at', 'grand_total', 'order_id', 'store_id', 'timestamp', 'user_id']);
        expect(order.timestamp).toBe(`${order.user_id}#${Date.parse(order.created_at)}`);
      }
      if (acknowledged.size > 0) {
        const [someId, some] = [...acknowledged][acknowledged.size - 1]!;
        const again = await createOrder(server, {
          store_id: 'killed',
          order_id: someId,
          user_id: some.user_id,
          grand_total: some.grand_total + 1,
        });
        expect(again.body.errors![0]!.errorType).toBe('DynamoDB:ConditionalCheckFailedException');
      }

      let stop = false;
      const writers = Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; !stop && i < 2000; i += 1) {
          const order_id = `c${cycle}-w${w}-${i}`;
          attempted.add(order_id);
          try {
            const { body } = await createOrder(server, { store_id: 'killed', order_id, user_id: `u${w}`, grand_total: i + 0.25 });
            if (body.data?.createOrder) acknowledged.set(order_id, body.data.createOrder as Order);
          } catch {
            return; // killed mid-request: this order was never acknowledged
          }
        }
      });
      const readers = Array.from({ length: READERS }, async (_, r) => {
        while (!stop) {
          try {
            await userOrders(server, { store_id: 'killed', user_id: `u${r}`, limit: 5 });
          } catch {
            return;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(await server.stop('SIGKILL')).toBe('SIGKILL');
      stop = true;
      await Promise.all([...writers, ...readers]);
    }
    expect(acknowledged.size).toBeGreaterThan(30);

    const last = await startLocalServer({ launcher: 'start', dataDir, apiKey: apiKey! });
    const stored = new Map<string, Order>();
    for (let w = 0; w < WRITERS; w += 1) for (const o of await listAll(last, `u${w}`)) stored.set(o.order_id, o);
    const lost = [...acknowledged.keys()].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    for (const [id, order] of acknowledged) expect(stored.get(id)).toEqual(order);
    await last.stop();
  }, 120_000);
});

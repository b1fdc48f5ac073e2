/** userOrders over real HTTP: ordering, paging, isolation, tokens, read-your-writes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, startLocalServer, userOrders, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;
let seq = 0;
const store = (): string => `store-q-${(seq += 1)}`;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(async () => {
  await server?.stop();
});

async function place(store_id: string, user_id: string, count: number, prefix = 'o'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const order_id = `${prefix}${String(i).padStart(3, '0')}`;
    const { body } = await createOrder(server, { store_id, order_id, user_id, grand_total: i });
    expect(body.errors).toBeUndefined();
    ids.push(order_id);
  }
  return ids;
}

const epoch = (o: { timestamp: string }): number => Number(o.timestamp.split('#')[1]);

describe('userOrders', () => {
  it('returns the newest 5 by default, newest first', async () => {
    const s = store();
    const ids = await place(s, 'user1', 7);
    const { status, body } = await userOrders(server, { store_id: s, user_id: 'user1' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { items, nextToken } = body.data!.userOrders;
    expect(items).toHaveLength(5);
    expect(typeof nextToken).toBe('string');
    const epochs = items.map(epoch);
    expect([...epochs].sort((a: number, b: number) => b - a)).toEqual(epochs);
    // Created one after the other: the newest 5 are the last 5 created.
    expect(new Set(items.map((o: { order_id: string }) => o.order_id))).toEqual(new Set(ids.slice(2)));
  });

  it('pages through 12 orders visiting each exactly once, last page with nextToken null', async () => {
    const s = store();
    const ids = await place(s, 'pager', 12);
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let nextToken: string | null = null;
    let lastEpoch = Infinity;
    do {
      const { body } = await userOrders(server, { store_id: s, user_id: 'pager', limit: 5, nextToken });
      expect(body.errors).toBeUndefined();
      const page = body.data!.userOrders;
      pageSizes.push(page.items.length);
      for (const o of page.items) {
        expect(epoch(o)).toBeLessThanOrEqual(lastEpoch);
        lastEpoch = epoch(o);
        seen.push(o.order_id);
      }
      nextToken = page.nextToken;
    } while (nextToken !== null);
    expect(pageSizes).toEqual([5, 5, 2]);
    expect(seen.sort()).toEqual(ids.sort());
  });

  it('returns items: [] and nextToken: null for a user with no orders', async () => {
    const { status, body } = await userOrders(server, { store_id: store(), user_id: 'nobody' });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { userOrders: { items: [], nextToken: null } } });
  });

  it("never shows user10's orders to user1 (prefix ids)", async () => {
    const s = store();
    await place(s, 'user1', 2, 'a');
    await place(s, 'user10', 3, 'b');
    await place(s, 'user', 1, 'c');
    const one = (await userOrders(server, { store_id: s, user_id: 'user1', limit: 50 })).body.data!.userOrders.items;
    const ten = (await userOrders(server, { store_id: s, user_id: 'user10', limit: 50 })).body.data!.userOrders.items;
    const bare = (await userOrders(server, { store_id: s, user_id: 'user', limit: 50 })).body.data!.userOrders.items;
    expect(one.map((o: { user_id: string }) => o.user_id)).toEqual(['user1', 'user1']);
    expect(ten).toHaveLength(3);
    expect(ten.every((o: { user_id: string }) => o.user_id === 'user10')).toBe(true);
    expect(bare.map((o: { order_id: string }) => o.order_id)).toEqual(['c000']);
  });

  it('keeps stores apart', async () => {
    const [s1, s2] = [store(), store()];
    await place(s1, 'shared', 2);
    const { body } = await userOrders(server, { store_id: s2, user_id: 'shared' });
    expect(body.data!.userOrders.items).toEqual([]);
  });

  it('reads its writes: a created order is in the very next list', async () => {
    const s = store();
    for (let i = 0; i < 5; i += 1) {
      const created = (await createOrder(server, { store_id: s, order_id: `ryw${i}`, user_id: 'ryw', grand_total: i })).body.data!
        .createOrder;
      const { items } = (await userOrders(server, { store_id: s, user_id: 'ryw', limit: 1 })).body.data!.userOrders;
      expect(items[0]).toEqual(created);
    }
  });

  for (const limit of [0, -1, 51, 1000]) {
    it(`refuses limit ${limit} with a ValidationError`, async () => {
      const { body } = await userOrders(server, { store_id: store(), user_id: 'u', limit });
      expect(body.data).toEqual({ userOrders: null });
      expect(body.errors![0]!.errorType).toBe('ValidationError');
      expect(body.errors![0]!.message).toContain('limit');
    });
  }

  it('accepts limit 1 and 50', async () => {
    const s = store();
    await place(s, 'lim', 3);
    for (const [limit, count] of [
      [1, 1],
      [50, 3],
    ] as const) {
      const { body } = await userOrders(server, { store_id: s, user_id: 'lim', limit });
      expect(body.data!.userOrders.items).toHaveLength(count);
    }
  });

  it('refuses invalid store_id and user_id like createOrder does', async () => {
    for (const [args, field] of [
      [{ store_id: 'a#b', user_id: 'u' }, 'store_id'],
      [{ store_id: 's', user_id: '' }, 'user_id'],
    ] as const) {
      const { body } = await userOrders(server, args);
      expect(body.errors![0]!.errorType).toBe('ValidationError');
      expect(body.errors![0]!.message).toContain(field);
    }
  });

  describe('nextToken', () => {
    async function firstToken(s: string, user: string): Promise<string> {
      const { body } = await userOrders(server, { store_id: s, user_id: user, limit: 1 });
      return body.data!.userOrders.nextToken!;
    }

    it('refuses malformed, altered and foreign tokens with a ValidationError and no data', async () => {
      const s = store();
      await place(s, 'alice', 3, 'a');
      await place(s, 'bob', 3, 'b');
      const alice = await firstToken(s, 'alice');
      const flipped = alice.slice(0, 5) + (alice[5] === 'A' ? 'B' : 'A') + alice.slice(6);
      const other = store();
      await place(other, 'alice', 3, 'x');
      const cases: Array<[string, { store_id: string; user_id: string }]> = [
        ['garbage', { store_id: s, user_id: 'alice' }],
        ['', { store_id: s, user_id: 'alice' }],
        [flipped, { store_id: s, user_id: 'alice' }],
        [`${alice}x`, { store_id: s, user_id: 'alice' }],
        [alice, { store_id: s, user_id: 'bob' }],
        [alice, { store_id: other, user_id: 'alice' }],
        [Buffer.from('{"store_id":{"S":"x"}}').toString('base64url'), { store_id: s, user_id: 'alice' }],
      ];
      for (const [nextToken, args] of cases) {
        const { status, body } = await userOrders(server, { ...args, limit: 1, nextToken });
        expect(status).toBe(200);
        expect(body.data).toEqual({ userOrders: null });
        expect(body.errors![0]!.errorType).toBe('ValidationError');
        expect(body.errors![0]!.message).toMatch(/nextToken/);
      }
    });

    it('still works after being refused once (no crash)', async () => {
      const s = store();
      await place(s, 'carol', 2);
      const token = await firstToken(s, 'carol');
      await userOrders(server, { store_id: s, user_id: 'carol', nextToken: 'bad' });
      const { body } = await userOrders(server, { store_id: s, user_id: 'carol', limit: 1, nextToken: token });
      expect(body.data!.userOrders.items).toHaveLength(1);
    });
  });
});

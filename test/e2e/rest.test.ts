/**
 * The REST shims over real HTTP against the local runtime: every row of the contract's REST
 * section, the seed README's own sample requests, and the table read directly to prove that bad
 * input writes nothing.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createOrder, userOrders, type LocalServer } from '../../harness/localServer.js';
import { withServerAndTable, type TableReader } from '../support/table.js';

let server: LocalServer;
let table: TableReader;
let seq = 0;
const store = (): string => `store-r-${(seq += 1)}`;

withServerAndTable((s, t) => {
  server = s;
  table = t;
});

interface RestResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/**
 * POST with full control of the bytes and headers (fetch would add text/plain to a string body).
 * `apiKey: null` sends no key; `contentType: null` sends no Content-Type.
 */
function post(
  path: string,
  body: string | Buffer | object,
  options: { apiKey?: string | null; contentType?: string | null } = {},
): Promise<RestResult> {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(payload)) };
  const apiKey = options.apiKey === undefined ? server.apiKey : options.apiKey;
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const newOrder = (body: string | Buffer | object, options?: Parameters<typeof post>[2]) => post('/new-order', body, options);
const listOrders = (body: string | object, options?: Parameters<typeof post>[2]) => post('/user-orders', body, options);
const SEED_ORDER_KEYS = ['user_id', 'grand_total', 'order_id', 'store_id', 'timestamp'];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A 400 in the contract's shape whose message names `field`. */
function expectBadRequest(result: RestResult, field: string): void {
  expect(result.status, result.text).toBe(400);
  expect(Object.keys(result.body)).toEqual(['statusCode', 'error']);
  expect(result.body.statusCode).toBe(400);
  expect(typeof result.body.error).toBe('string');
  expect(result.body.error).toContain(field);
}

describe("the seed README's sample requests", () => {
  it('POST /new-order with the sample body (plus its order_id) answers 201 and the exact message', async () => {
    const s = store();
    // The README's sample, byte for byte, with the order_id its own "Expected returns" names.
    const sample = `{\n"store_id" : "${s}",\n"order_id" : "order01",\n"user_id": "user01",\n"grand_total" : 110.00\n}`;
    const created = await newOrder(sample);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ statusCode: 201, body: { message: 'Order order01 submitted successfully' } });
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    // 110.00 is the number 110 everywhere.
    expect(await table.get(s, 'order01')).toMatchObject({ store_id: s, order_id: 'order01', user_id: 'user01', grand_total: 110 });

    const again = await newOrder(sample);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ statusCode: 400, error: 'The conditional request failed' });
  });

  it('the sample body exactly as printed (no order_id) is refused, naming order_id, and writes nothing', async () => {
    const s = store();
    const result = await newOrder(`{\n"store_id" : "${s}",\n"user_id": "user01",\n"grand_total" : 110.00\n}`);
    expectBadRequest(result, 'order_id');
    expect(await table.storeItems(s)).toEqual([]);
  });

  it('POST /user-orders with the sample body answers 400 "has no orders yet !" for a user without orders', async () => {
    const result = await listOrders('{\n"user_id": "user1",\n"store_id": "store1"\n}');
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ statusCode: 400, error: 'User user1 has no orders yet !' });
  });
});

describe('POST /new-order', () => {
  it('stores exactly the four fields (server-set timestamp), ignoring extra properties', async () => {
    const s = store();
    const before = Date.now();
    const result = await newOrder({
      store_id: s,
      order_id: 'o1',
      user_id: 'u1',
      grand_total: 12.5,
      timestamp: 'u1#1',
      created_at: 'x',
      note: 'ignored',
    });
    expect(result.status).toBe(201);
    const item = await table.get(s, 'o1');
    // write_id: the server's own per-create id (Mutation.createOrder.ts), never a client's property.
    expect(Object.keys(item!).sort()).toEqual(['created_at', 'grand_total', 'order_id', 'store_id', 'timestamp', 'user_id', 'write_id']);
    expect(item!.note).toBeUndefined();
    expect(item).toMatchObject({ store_id: s, order_id: 'o1', user_id: 'u1', grand_total: 12.5 });
    expect(Number(String(item!.timestamp).split('#')[1])).toBeGreaterThanOrEqual(before);
  });

  it('keeps the stored order unchanged on a duplicate, whatever the second request carried', async () => {
    const s = store();
    expect((await newOrder({ store_id: s, order_id: 'o1', user_id: 'alice', grand_total: 10 })).status).toBe(201);
    const stored = await table.get(s, 'o1');
    const second = await newOrder({ store_id: s, order_id: 'o1', user_id: 'mallory', grand_total: 999 });
    expect(second.status).toBe(400);
    expect(second.body).toEqual({ statusCode: 400, error: 'The conditional request failed' });
    expect(await table.get(s, 'o1')).toEqual(stored);
  });

  it('echoes ids with quotes, backslashes, slashes and non-ASCII characters as valid JSON', async () => {
    const s = store();
    const orderId = `o"'\\/é😀 x`;
    const result = await newOrder({ store_id: s, order_id: orderId, user_id: 'u', grand_total: 0 });
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ statusCode: 201, body: { message: `Order ${orderId} submitted successfully` } });
  });

  it('accepts the limits: 100-character ids, grand_total 0 and 1e12, no Content-Type (API Gateway assumes JSON)', async () => {
    const s = store();
    const id = 'x'.repeat(100);
    expect((await newOrder({ store_id: s, order_id: id, user_id: id, grand_total: 1e12 })).status).toBe(201);
    expect((await newOrder({ store_id: s, order_id: 'zero', user_id: 'u', grand_total: 0 }, { contentType: null })).status).toBe(201);
    expect(
      (await newOrder({ store_id: s, order_id: 'cs', user_id: 'u', grand_total: 1 }, { contentType: 'application/json; charset=utf-8' }))
        .status,
    ).toBe(201);
  });

  it('refuses a body that is not UTF-8 with 400 naming the body, storing nothing', async () => {
    const s = store();
    const bytes = Buffer.concat([
      Buffer.from(`{"store_id":"${s}","order_id":"o`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","user_id":"u","grand_total":1}'),
    ]);
    const result = await newOrder(bytes);
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ statusCode: 400, error: expect.stringMatching(/body is not valid UTF-8/) });
    expect(await table.storeItems(s)).toEqual([]);
  });

  it("reads the body as JSON whatever careless clients send: fetch's text/plain, curl -d's form type", async () => {
    const s = store();
    const viaFetch = await fetch(`${server.url}/new-order`, {
      method: 'POST',
      headers: { 'x-api-key': server.apiKey },
      body: JSON.stringify({ store_id: s, order_id: 'f1', user_id: 'u', grand_total: 1 }),
    });
    expect(viaFetch.status).toBe(201);
    expect(await viaFetch.json()).toEqual({ statusCode: 201, body: { message: 'Order f1 submitted successfully' } });
    const viaForm = await newOrder(
      { store_id: s, order_id: 'c1', user_id: 'u', grand_total: 1 },
      { contentType: 'application/x-www-form-urlencoded' },
    );
    expect(viaForm.status).toBe(201);
    const badForm = await newOrder('store_id=x&order_id=y', { contentType: 'application/x-www-form-urlencoded' });
    expect(badForm.status).toBe(400);
    expect((await table.storeItems(s)).map((o) => o.order_id).sort()).toEqual(['c1', 'f1']);
  });

  describe('refuses bad input with 400 naming the field and writes nothing', () => {
    const valid = (s: string) => ({ store_id: s, order_id: 'o1', user_id: 'u1', grand_total: 110 });
    const cases: Array<[string, (s: string) => string | object, string]> = [
      ['bad JSON', (s) => `{"store_id": "${s}", "order_id": "o1",`, 'body'],
      ['an empty body', () => '', 'body'],
      ['a JSON array', () => '[]', 'body'],
      ['a missing store_id', (s) => ({ ...valid(s), store_id: undefined }), 'store_id'],
      ['a missing order_id', (s) => ({ ...valid(s), order_id: undefined }), 'order_id'],
      ['a missing user_id', (s) => ({ ...valid(s), user_id: undefined }), 'user_id'],
      ['a missing grand_total', (s) => ({ ...valid(s), grand_total: undefined }), 'grand_total'],
      ['grand_total as a string', (s) => ({ ...valid(s), grand_total: '110' }), 'grand_total'],
      ['grand_total null', (s) => ({ ...valid(s), grand_total: null }), 'grand_total'],
      ['order_id as a number', (s) => ({ ...valid(s), order_id: 7 }), 'order_id'],
      ["'#' in user_id", (s) => ({ ...valid(s), user_id: 'user#1' }), 'user_id'],
      ["'#' in order_id", (s) => ({ ...valid(s), order_id: 'o#1' }), 'order_id'],
      ['a control character in order_id', (s) => ({ ...valid(s), order_id: 'o\n1' }), 'order_id'],
      ['an empty user_id', (s) => ({ ...valid(s), user_id: '' }), 'user_id'],
      ['a 101-character order_id', (s) => ({ ...valid(s), order_id: 'x'.repeat(101) }), 'order_id'],
      ['a negative grand_total', (s) => ({ ...valid(s), grand_total: -0.01 }), 'grand_total'],
      ['grand_total over 1e12', (s) => ({ ...valid(s), grand_total: 1e12 + 1 }), 'grand_total'],
    ];
    it.each(cases)('%s', async (_, make, field) => {
      const s = store();
      const result = await newOrder(make(s));
      expectBadRequest(result, field);
      expect(await table.storeItems(s)).toEqual([]);
    });

    it("a '#' in store_id", async () => {
      const s = `${store()}#x`;
      expectBadRequest(await newOrder(valid(s)), 'store_id');
      expect(await table.storeItems(s)).toEqual([]);
    });
  });

  it('answers a missing or wrong API key with 403 {"message":"Forbidden"} before reading the body, and writes nothing', async () => {
    const s = store();
    for (const apiKey of [null, 'wrong-key', '']) {
      const result = await newOrder({ store_id: s, order_id: 'o1', user_id: 'u1', grand_total: 1 }, { apiKey });
      expect(result.status).toBe(403);
      expect(result.body).toEqual({ message: 'Forbidden' });
    }
    // The key is checked before the body: bad JSON without a key is still 403.
    expect((await newOrder('{not json', { apiKey: null })).status).toBe(403);
    expect(await table.storeItems(s)).toEqual([]);
  });

  it("answers another method with API Gateway's 403 (MISSING_AUTHENTICATION_TOKEN, the stack's template), with or without a key", async () => {
    for (const path of ['/new-order', '/user-orders'])
      for (const method of ['GET', 'PUT', 'DELETE'])
        for (const headers of [{}, { 'x-api-key': server.apiKey }] as Record<string, string>[]) {
          const res = await fetch(`${server.url}${path}`, { method, headers });
          expect(res.status).toBe(403);
          expect(res.headers.get('x-amzn-errortype')).toBe('MISSING_AUTHENTICATION_TOKEN');
          expect(await res.json()).toEqual({ message: 'Forbidden' });
        }
  });

  it('answers another Content-Type with 415 and a body over 10 KB with 413, in the contract shape', async () => {
    const s = store();
    const wrongType = await newOrder({ store_id: s, order_id: 'o1', user_id: 'u1', grand_total: 1 }, { contentType: 'application/xml' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toEqual({ statusCode: 415, error: 'Content-Type: the body must be application/json' });
    const large = await newOrder({ store_id: s, order_id: 'o1', user_id: 'u1', grand_total: 1, padding: 'x'.repeat(11_000) });
    expect(large.status).toBe(413);
    expect(large.body).toEqual({ statusCode: 413, error: 'body: the request body is too large' });
    expect(await table.storeItems(s)).toEqual([]);
  });
});

describe('POST /user-orders', () => {
  it("answers 200 with the user's 5 newest orders, newest first, each with exactly the seed's keys", async () => {
    const s = store();
    for (let i = 1; i <= 7; i += 1) {
      expect((await newOrder({ store_id: s, order_id: `order${i}`, user_id: 'user1', grand_total: 100 + i })).status).toBe(201);
      await pause(3); // distinct milliseconds, so "newest first" is one order
    }
    // Another user, whose id starts with user1, and the same user at another store: never listed.
    await newOrder({ store_id: s, order_id: 'other', user_id: 'user10', grand_total: 1 });
    await newOrder({ store_id: store(), order_id: 'elsewhere', user_id: 'user1', grand_total: 1 });

    const result = await listOrders({ user_id: 'user1', store_id: s });
    expect(result.status).toBe(200);
    expect(Object.keys(result.body)).toEqual(['statusCode', 'orders', 'body']);
    expect(result.body.statusCode).toBe(200);
    expect(result.body.body).toEqual({ message: 'Orders retrieved successfully' });
    const orders = result.body.orders as Array<Record<string, unknown>>;
    expect(orders.map((o) => o.order_id)).toEqual(['order7', 'order6', 'order5', 'order4', 'order3']);
    for (const order of orders) {
      expect(Object.keys(order)).toEqual(SEED_ORDER_KEYS);
      const stored = await table.get(s, String(order.order_id));
      expect(order).toEqual({
        user_id: 'user1',
        grand_total: stored!.grand_total,
        order_id: stored!.order_id,
        store_id: s,
        timestamp: stored!.timestamp,
      });
    }
    const times = orders.map((o) => Number(String(o.timestamp).split('#')[1]));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('answers 400 "User <id> has no orders yet !" naming the user exactly, special characters included', async () => {
    const s = store();
    for (const user of ['user1', `o"'\\/é😀 x`, 'user+/=?']) {
      const result = await listOrders({ user_id: user, store_id: s });
      expect(result.status).toBe(400);
      expect(result.body).toEqual({ statusCode: 400, error: `User ${user} has no orders yet !` });
    }
  });

  describe('refuses bad input with 400 naming the field', () => {
    const cases: Array<[string, string | object, string]> = [
      ['bad JSON', '{"user_id": ', 'body'],
      ['a missing user_id', { store_id: 's' }, 'user_id'],
      ['a missing store_id', { user_id: 'u' }, 'store_id'],
      ['user_id as a number', { user_id: 1, store_id: 's' }, 'user_id'],
      ["'#' in user_id", { user_id: 'u#1', store_id: 's' }, 'user_id'],
      ['a 101-character store_id', { user_id: 'u', store_id: 'x'.repeat(101) }, 'store_id'],
    ];
    it.each(cases)('%s', async (_, body, field) => {
      expectBadRequest(await listOrders(body), field);
    });
  });

  it('answers a missing or wrong API key with 403 {"message":"Forbidden"}', async () => {
    for (const apiKey of [null, 'wrong-key']) {
      const result = await listOrders({ user_id: 'u', store_id: 's' }, { apiKey });
      expect(result.status).toBe(403);
      expect(result.body).toEqual({ message: 'Forbidden' });
    }
  });
});

describe('one API behind both protocols', () => {
  it('an order made over REST is in GraphQL userOrders', async () => {
    const s = store();
    expect((await newOrder({ store_id: s, order_id: 'via-rest', user_id: 'ru', grand_total: 110.0 })).status).toBe(201);
    const { body } = await userOrders(server, { store_id: s, user_id: 'ru' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.userOrders.items).toEqual([
      expect.objectContaining({ store_id: s, order_id: 'via-rest', user_id: 'ru', grand_total: 110 }),
    ]);
  });

  it('an order made over GraphQL is in REST /user-orders, and a REST duplicate of it is refused', async () => {
    const s = store();
    const created = await createOrder(server, { store_id: s, order_id: 'via-graphql', user_id: 'gu', grand_total: 42 });
    const order = created.body.data!.createOrder;
    const listed = await listOrders({ user_id: 'gu', store_id: s });
    expect(listed.status).toBe(200);
    expect(listed.body.orders).toEqual([
      { user_id: 'gu', grand_total: 42, order_id: 'via-graphql', store_id: s, timestamp: order.timestamp },
    ]);
    const duplicate = await newOrder({ store_id: s, order_id: 'via-graphql', user_id: 'gu', grand_total: 1 });
    expect(duplicate.body).toEqual({ statusCode: 400, error: 'The conditional request failed' });
  });
});

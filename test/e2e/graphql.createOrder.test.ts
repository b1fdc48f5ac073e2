/** createOrder over real HTTP against the local runtime, reading the table directly to prove writes. */
import { describe, expect, it } from 'vitest';
import { createOrder, gql, type LocalServer } from '../../harness/localServer.js';
import { withServerAndTable, type TableReader } from '../support/table.js';

let server: LocalServer;
let table: TableReader;
let seq = 0;
const store = (): string => `store-c-${(seq += 1)}`;

withServerAndTable((s, t) => {
  server = s;
  table = t;
});

const ERROR_KEYS = ['data', 'errorInfo', 'errorType', 'locations', 'message', 'path'];

describe('createOrder', () => {
  it('stores a new order and returns it with server-set timestamp and created_at', async () => {
    const s = store();
    const before = Date.now();
    const { status, body } = await createOrder(server, { store_id: s, order_id: 'order01', user_id: 'user1', grand_total: 110 });
    const after = Date.now();
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const order = body.data!.createOrder;
    expect(order).toMatchObject({ store_id: s, order_id: 'order01', user_id: 'user1', grand_total: 110 });
    const match = /^user1#(\d+)$/.exec(order.timestamp);
    expect(match).not.toBeNull();
    const ms = Number(match![1]);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
    expect(order.created_at).toBe(new Date(ms).toISOString());
    expect(order.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The table also holds write_id (unique per create, never shown: see Mutation.createOrder.ts).
    expect(await table.get(s, 'order01')).toEqual({ ...order, write_id: expect.any(String) });
  });

  it('refuses an existing (store_id, order_id) and leaves the stored order unchanged', async () => {
    const s = store();
    const first = await createOrder(server, { store_id: s, order_id: 'o1', user_id: 'alice', grand_total: 10 });
    const stored = first.body.data!.createOrder;
    const second = await createOrder(server, { store_id: s, order_id: 'o1', user_id: 'mallory', grand_total: 999 });
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({ createOrder: null });
    expect(second.body.errors).toHaveLength(1);
    const error = second.body.errors![0]!;
    expect(Object.keys(error).sort()).toEqual(ERROR_KEYS);
    expect(error.errorType).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(error.message).toBe('The conditional request failed');
    expect(error.path).toEqual(['createOrder']);
    expect(await table.get(s, 'o1')).toEqual({ ...stored, write_id: expect.any(String) });
  });

  it('lets exactly one of 40 concurrent creates of one order win', async () => {
    const s = store();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => createOrder(server, { store_id: s, order_id: 'race', user_id: `u${i}`, grand_total: i })),
    );
    const winners = results.filter((r) => r.body.data?.createOrder);
    const losers = results.filter((r) => !r.body.data?.createOrder);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(39);
    for (const l of losers) expect(l.body.errors![0]!.errorType).toBe('DynamoDB:ConditionalCheckFailedException');
    const items = await table.storeItems(s);
    expect(items).toEqual([{ ...winners[0]!.body.data!.createOrder, write_id: expect.any(String) }]);
  });

  it('accepts ids of exactly 100 characters, counting characters rather than UTF-16 units', async () => {
    const s = store();
    const id = '🧾'.repeat(100);
    const { body } = await createOrder(server, { store_id: s, order_id: id, user_id: 'u'.repeat(100), grand_total: 0 });
    expect(body.errors).toBeUndefined();
    expect(body.data!.createOrder.order_id).toBe(id);
    expect(await table.get(s, id)).toBeDefined();
  });

  it('accepts grand_total at its bounds: 0 and 1e12', async () => {
    const s = store();
    for (const [i, total] of [0, 1e12, 12.34].entries()) {
      const { body } = await createOrder(server, { store_id: s, order_id: `b${i}`, user_id: 'u', grand_total: total });
      expect(body.data!.createOrder.grand_total).toBe(total);
    }
  });

  const invalid: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['empty store_id', { store_id: '' }, 'store_id', /empty/],
    ['store_id of 101 characters', { store_id: 'x'.repeat(101) }, 'store_id', /at most 100/],
    ["order_id with '#'", { order_id: 'a#b' }, 'order_id', /'#'/],
    ["user_id with '#'", { user_id: 'user1#2' }, 'user_id', /'#'/],
    ['user_id with a newline', { user_id: 'user\n1' }, 'user_id', /control/],
    ['order_id with NUL', { order_id: 'a\u0000b' }, 'order_id', /control/],
    ['store_id with DEL', { store_id: 'a\u007fb' }, 'store_id', /control/],
    ['user_id with a C1 control', { user_id: 'a\u0085b' }, 'user_id', /control/],
    ['negative grand_total', { grand_total: -0.01 }, 'grand_total', />= 0/],
    ['grand_total above 1e12', { grand_total: 1e12 + 1 }, 'grand_total', /<= 1e12/],
  ];
  for (const [name, patch, field, rule] of invalid) {
    it(`refuses ${name} with a ValidationError naming the field, writing nothing`, async () => {
      const s = (patch.store_id as string | undefined) ?? store();
      const input = { store_id: s, order_id: 'v1', user_id: 'u1', grand_total: 5, ...patch };
      const { status, body } = await createOrder(server, input as never);
      expect(status).toBe(200);
      expect(body.data).toEqual({ createOrder: null });
      const error = body.errors![0]!;
      expect(Object.keys(error).sort()).toEqual(ERROR_KEYS);
      expect(error.errorType).toBe('ValidationError');
      expect(error.message).toContain(field);
      expect(error.message).toMatch(rule);
      if (s !== '' && s.length <= 100 && !/[\u0000-\u001f\u007f]/.test(s)) expect(await table.storeItems(s)).toEqual([]);
    });
  }

  // Variables that do not coerce are answered as AppSync answers them (graphql-java's words, data
  // null, no errorType); a missing user_id is the resolver's ValidationError (the contract).
  const badTypes: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    [
      'grand_total as a string',
      { grand_total: '110' },
      { message: "Variable 'grand_total' has an invalid value. Expected type 'Float' but was 'String'." },
    ],
    [
      'store_id as a number',
      { store_id: 42 },
      { message: "Variable 'store_id' has an invalid value. Expected type 'String' but was 'Integer'." },
    ],
    [
      'an unknown field',
      { discount: 5 },
      { message: "The variables input contains a field that is not defined for input object type 'CreateOrderInput' ", locations: null },
    ],
    ['grand_total as null', { grand_total: null }, { message: "Variable 'input' has coerced Null value for NonNull type 'Float!'" }],
  ];
  for (const [name, patch, error] of badTypes) {
    it(`refuses ${name} with AppSync's variable error (data null, no errorType), writing nothing`, async () => {
      const s = store();
      const input = { store_id: s, order_id: 't1', user_id: 'u1', grand_total: 5, ...patch };
      const { status, body } = await createOrder(server, input as never);
      expect(status).toBe(200);
      expect(body).toEqual({ data: null, errors: [{ path: null, locations: [{ line: 1, column: 22, sourceName: null }], ...error }] });
      expect(await table.storeItems(s)).toEqual([]);
    });
  }

  it('refuses a missing user_id (API-key caller) with the resolver’s ValidationError naming the field, writing nothing', async () => {
    const s = store();
    const { body } = await createOrder(server, { store_id: s, order_id: 't1', grand_total: 5 } as never);
    expect(body.data).toEqual({ createOrder: null });
    expect(body.errors![0]!.errorType).toBe('ValidationError');
    expect(body.errors![0]!.message).toContain('user_id');
    expect(await table.storeItems(s)).toEqual([]);
  });

  it('never lets a client set timestamp or created_at', async () => {
    const s = store();
    const { body } = await gql(
      server,
      `mutation { createOrder(input: {store_id: "${s}", order_id: "y", user_id: "z", grand_total: 1, timestamp: "z#1"}) { order_id } }`,
    );
    expect(body.data).toBeNull();
    expect(body.errors![0]!.message).toBe(
      `Validation error of type WrongType: argument 'input' with value 'ObjectValue{objectFields=[ObjectField{name='store_id', value=StringValue{value='${s}'}}, ObjectField{name='order_id', value=StringValue{value='y'}}, ObjectField{name='user_id', value=StringValue{value='z'}}, ObjectField{name='grand_total', value=IntValue{value=1}}, ObjectField{name='timestamp', value=StringValue{value='z#1'}}]}' contains a field not in 'CreateOrderInput': 'timestamp' @ 'createOrder'`,
    );
    expect(await table.storeItems(s)).toEqual([]);
  });
});

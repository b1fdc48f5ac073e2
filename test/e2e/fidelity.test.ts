/**
 * Where the embedded store (dynalite) and Amazon's DynamoDB Local could disagree, checked through
 * the API and, for the store's own behaviour, with raw DynamoDB calls on the server's table.
 * Runs in both configurations (`npm test` and `npm run test:dynamodb-local`); docs/fidelity.md
 * explains each case. Assertions that differ by store say so with `onDynamoDBLocal`.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersTable } from '../../definitions/ordersTable.js';
import { createOrder, startLocalServer, userOrders, type LocalServer } from '../../harness/localServer.js';
import { tableReader, type TableReader } from '../support/table.js';
import { storeConnection } from '../../local/store/dynamoClient.js';

const onDynamoDBLocal = Boolean(process.env.TEST_DYNAMODB_ENDPOINT);

let server: LocalServer;
let table: TableReader;
let raw: DynamoDBClient;
let seq = 0;
const store = (): string => `store-f-${(seq += 1)}`;

beforeAll(async () => {
  server = await startLocalServer();
  table = tableReader(server);
  raw = new DynamoDBClient({
    ...storeConnection(server.storeEndpoint),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  raw?.destroy();
  table?.close();
  await server?.stop();
});

async function rawPut(item: Record<string, AttributeValue>): Promise<string> {
  try {
    await raw.send(new PutItemCommand({ TableName: server.tableName, Item: item }));
    return 'ok';
  } catch (error) {
    return (error as Error).name;
  }
}

async function rawNumber(store_id: string, order_id: string): Promise<string | undefined> {
  const out = await raw.send(
    new GetItemCommand({
      TableName: server.tableName,
      Key: { store_id: { S: store_id }, order_id: { S: order_id } },
      ConsistentRead: true,
    }),
  );
  return out.Item?.grand_total?.N;
}

async function allPages(
  store_id: string,
  user_id: string,
  limit: number,
): Promise<{ ids: string[]; pages: number[]; timestamps: string[] }> {
  const ids: string[] = [];
  const pages: number[] = [];
  const timestamps: string[] = [];
  let nextToken: string | null = null;
  do {
    const { body } = await userOrders(server, { store_id, user_id, limit, nextToken });
    expect(body.errors).toBeUndefined();
    const page = body.data!.userOrders;
    pages.push(page.items.length);
    for (const o of page.items) {
      ids.push(o.order_id);
      timestamps.push(o.timestamp);
    }
    nextToken = page.nextToken;
  } while (nextToken !== null && pages.length < 1000);
  return { ids, pages, timestamps };
}

describe('numbers', () => {
  // [sent, what GraphQL and the SDK give back, the store's canonical DynamoDB number text]
  const cases: Array<[number, number, string]> = [
    [110.0, 110, '110'],
    [1e12, 1e12, '1000000000000'],
    [0.1 + 0.2, 0.30000000000000004, '0.30000000000000004'],
    [0.1, 0.1, '0.1'],
    [12.34, 12.34, '12.34'],
    [1e-7, 1e-7, '0.0000001'],
    [999999999999.9999, 999999999999.9999, '999999999999.9999'],
    [123456.789, 123456.789, '123456.789'],
    [0, 0, '0'],
    [-0, 0, '0'],
    [1e-130, 1e-130, `0.${'0'.repeat(129)}1`],
  ];
  it('round-trip identically through createOrder, userOrders and the table, with the same canonical text in the store', async () => {
    const s = store();
    for (const [i, [sent, back, text]] of cases.entries()) {
      const { body } = await createOrder(server, { store_id: s, order_id: `n${i}`, user_id: 'u', grand_total: sent });
      expect(body.errors, `createOrder ${sent}`).toBeUndefined();
      expect(body.data!.createOrder.grand_total).toBe(back);
      expect((await table.get(s, `n${i}`))!.grand_total).toBe(back);
      expect(await rawNumber(s, `n${i}`)).toBe(text);
    }
    const listed = new Map(
      (await userOrders(server, { store_id: s, user_id: 'u', limit: 50 })).body.data!.userOrders.items.map(
        (o: { order_id: string; grand_total: number }) => [o.order_id, o.grand_total],
      ),
    );
    for (const [i, [, back]] of cases.entries()) expect(listed.get(`n${i}`)).toBe(back);
  });

  it('a total between 0 and 1e-130 (below DynamoDB’s range) is refused as a ValidationError before it reaches either store; nothing is written', async () => {
    const s = store();
    for (const [i, total] of [1e-131, 5e-324].entries()) {
      const { body } = await createOrder(server, { store_id: s, order_id: `tiny${i}`, user_id: 'u', grand_total: total });
      expect(body.data).toEqual({ createOrder: null });
      expect(body.errors![0]!.errorType).toBe('ValidationError');
      expect(body.errors![0]!.message).toMatch(/grand_total must be 0 or at least 1e-130/);
    }
    expect(await table.storeItems(s)).toEqual([]);
  });

  it('an id with a lone surrogate (which UTF-8 storage cannot hold) is refused as a ValidationError; nothing is written', async () => {
    const s = store();
    const { body } = await createOrder(server, { store_id: s, order_id: 'a\ud800b', user_id: 'u', grand_total: 1 });
    expect(body.errors![0]!.errorType).toBe('ValidationError');
    expect(body.errors![0]!.message).toMatch(/order_id must be valid Unicode/);
    expect(await table.storeItems(s)).toEqual([]);
  });
});

describe('sizes: UTF-8 bytes (DynamoDB) vs UTF-16 units (dynalite)', () => {
  it('the largest order the API allows (three ids of 100 four-byte characters) is stored and listed byte for byte', async () => {
    const s = '𝔖'.repeat(100);
    const order = { store_id: s, order_id: '🧾'.repeat(100), user_id: '𐐷'.repeat(100), grand_total: 1e12 };
    const { body } = await createOrder(server, order);
    expect(body.errors).toBeUndefined();
    expect(body.data!.createOrder).toMatchObject(order);
    const listed = (await userOrders(server, { store_id: s, user_id: order.user_id })).body.data!.userOrders;
    expect(listed.items).toEqual([body.data!.createOrder]);
    expect(Buffer.byteLength(listed.items[0]!.timestamp)).toBeLessThan(1024);
  });

  it('store level: a 1,026-byte (342 UTF-16 units) sort key is refused by DynamoDB Local but accepted by dynalite — unreachable through the API', async () => {
    const s = store();
    const outcome = await rawPut({ store_id: { S: s }, order_id: { S: '€'.repeat(342) }, timestamp: { S: 'u#1' } });
    expect(outcome).toBe(onDynamoDBLocal ? 'ValidationException' : 'ok');
  });

  it('store level: an empty index key is refused by DynamoDB Local but accepted by dynalite — unreachable through the API (user_id is never empty)', async () => {
    const outcome = await rawPut({ store_id: { S: store() }, order_id: { S: 'e' }, timestamp: { S: '' } });
    expect(outcome).toBe(onDynamoDBLocal ? 'ValidationException' : 'ok');
  });
});

describe('equal timestamps (orders accepted in the same millisecond)', () => {
  it('are each listed exactly once across pages, never out of newest-first order', async () => {
    const s = store();
    const ids = ['a', 'c', 'b', 'e', 'd', 'g', 'f'];
    for (const id of ids) {
      expect(
        await rawPut({
          store_id: { S: s },
          order_id: { S: id },
          user_id: { S: 'tie' },
          grand_total: { N: '1' },
          timestamp: { S: 'tie#1700000000000' },
          created_at: { S: '2023-11-14T22:13:20.000Z' },
        }),
      ).toBe('ok');
    }
    await rawPut({
      store_id: { S: s },
      order_id: { S: 'older' },
      user_id: { S: 'tie' },
      grand_total: { N: '1' },
      timestamp: { S: 'tie#1699999999999' },
      created_at: { S: '2023-11-14T22:13:19.999Z' },
    });
    for (const limit of [1, 2, 3, 50]) {
      const { ids: seen, timestamps } = await allPages(s, 'tie', limit);
      expect([...seen].sort()).toEqual([...ids, 'older'].sort());
      expect(seen.at(-1)).toBe('older');
      expect([...timestamps].sort().reverse()).toEqual(timestamps);
    }
  });

  it('concurrent creates by one user (many share a millisecond) page exactly once', async () => {
    const s = store();
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => createOrder(server, { store_id: s, order_id: `c${i}`, user_id: 'burst', grand_total: i })),
    );
    for (const r of created) expect(r.body.errors).toBeUndefined();
    const { ids } = await allPages(s, 'burst', 4);
    expect([...ids].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `c${i}`).sort());
  });
});

describe('LastEvaluatedKey of the index query', () => {
  it('carries the table key and the index key in both stores, and is returned when a page is exactly full', async () => {
    const s = store();
    for (let i = 0; i < 3; i += 1) await createOrder(server, { store_id: s, order_id: `k${i}`, user_id: 'lek', grand_total: i });
    const query = (limit: number) =>
      raw.send(
        new QueryCommand({
          TableName: server.tableName,
          IndexName: ordersTable.userTimeIndex.name,
          KeyConditionExpression: 'store_id = :s AND begins_with(#t, :p)',
          ExpressionAttributeNames: { '#t': 'timestamp' },
          ExpressionAttributeValues: { ':s': { S: s }, ':p': { S: 'lek#' } },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: limit,
        }),
      );
    const first = await query(1);
    expect(Object.keys(first.LastEvaluatedKey!).sort()).toEqual(['order_id', 'store_id', 'timestamp']);
    expect(first.LastEvaluatedKey!.order_id).toEqual(first.Items![0]!.order_id);
    // A page filled exactly: DynamoDB (and both stores) still return a key; the next page is empty.
    expect((await query(3)).LastEvaluatedKey).toBeDefined();
    expect((await query(4)).LastEvaluatedKey).toBeUndefined();
    const { pages } = await allPages(s, 'lek', 3);
    expect(pages).toEqual([3, 0]);
  });
});

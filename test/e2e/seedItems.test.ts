/**
 * Orders written by the seed's Lambda (the API this one replaces) are in the table with the old
 * item shape — `{store_id, order_id, user_id, grand_total, timestamp}`, no created_at — and list
 * normally through GraphQL and POST /user-orders, created_at being the instant in `timestamp`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeConnection } from '../../local/store/dynamoClient.js';
import { createOrder, userOrders, type LocalServer } from '../../harness/localServer.js';
import { withServerAndTable, type TableReader } from '../support/table.js';

let server: LocalServer;
let table: TableReader;
withServerAndTable((s, t) => {
  server = s;
  table = t;
});

/** Writes items straight into the server's table, as the seed's Lambda did. */
let writer: DynamoDBDocumentClient;
beforeAll(() => {
  writer = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...storeConnection(server.storeEndpoint),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});
afterAll(() => writer?.destroy());

/** The seed README's sample orders of user1 (order4 … order8), and an older one whose total is text. */
const SEED_TIMES: [string, number][] = [
  ['order8', 1544092158240],
  ['order7', 1544092152000],
  ['order6', 1544092147627],
  ['order5', 1544092143040],
  ['order4', 1544092138603],
];

async function seed(store_id: string): Promise<void> {
  for (const [order_id, ms] of SEED_TIMES) {
    await writer.send(
      new PutCommand({
        TableName: server.tableName,
        Item: { store_id, order_id, user_id: 'user1', grand_total: 110, timestamp: `user1#${ms}` },
      }),
    );
  }
  await writer.send(
    new PutCommand({
      TableName: server.tableName,
      Item: { store_id, order_id: 'order3', user_id: 'user1', grand_total: '99.5', timestamp: 'user1#1544092000000' },
    }),
  );
}

async function postUserOrders(body: object): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/user-orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

let counter = 0;
const store = (): string => `seed-${process.pid}-${(counter += 1)}`;

describe('orders written by the seed API', () => {
  it('list through GraphQL with created_at taken from timestamp, paging newest first with new orders', async () => {
    const s = store();
    await seed(s);
    const created = await createOrder(server, { store_id: s, order_id: 'order9', user_id: 'user1', grand_total: 5 });
    expect(created.body.errors).toBeUndefined();

    const seen: Record<string, unknown>[] = [];
    let nextToken: string | null = null;
    let pages = 0;
    do {
      const { body } = await userOrders(server, { store_id: s, user_id: 'user1', limit: 2, nextToken });
      expect(body.errors).toBeUndefined();
      seen.push(...body.data!.userOrders.items);
      nextToken = body.data!.userOrders.nextToken;
      pages += 1;
    } while (nextToken !== null && pages < 10);

    expect(seen.map((o) => o.order_id)).toEqual(['order9', 'order8', 'order7', 'order6', 'order5', 'order4', 'order3']);
    expect(seen[1]).toEqual({
      store_id: s,
      order_id: 'order8',
      user_id: 'user1',
      grand_total: 110,
      timestamp: 'user1#1544092158240',
      created_at: '2018-12-06T10:29:18.240Z',
    });
    for (const [i, [, ms]] of SEED_TIMES.entries()) expect(seen[i + 1]!.created_at).toBe(new Date(ms).toISOString());
    expect(seen[6]).toMatchObject({ order_id: 'order3', grand_total: 99.5, created_at: '2018-12-06T10:26:40.000Z' });
    expect(seen[0]).toEqual(created.body.data!.createOrder);
  });

  it('list through POST /user-orders with exactly the seed fields', async () => {
    const s = store();
    await seed(s);
    const { status, body } = await postUserOrders({ user_id: 'user1', store_id: s });
    expect(status).toBe(200);
    expect(body.body).toEqual({ message: 'Orders retrieved successfully' });
    expect(body.orders).toEqual(
      SEED_TIMES.map(([order_id, ms]) => ({ user_id: 'user1', grand_total: 110, order_id, store_id: s, timestamp: `user1#${ms}` })),
    );
  });

  it('never shows the write_id a create stores', async () => {
    const s = store();
    const created = await createOrder(server, { store_id: s, order_id: 'w1', user_id: 'u', grand_total: 1 });
    expect(Object.keys(created.body.data!.createOrder)).not.toContain('write_id');
    expect((await table.get(s, 'w1'))!.write_id).toMatch(/^[0-9a-f-]{36}$/);
    const { body } = await postUserOrders({ user_id: 'u', store_id: s });
    expect(Object.keys(body.orders[0]).sort()).toEqual(['grand_total', 'order_id', 'store_id', 'timestamp', 'user_id']);
    const listed = await userOrders(server, { store_id: s, user_id: 'u' });
    expect(JSON.stringify(listed.body)).not.toContain('write_id');
  });
});

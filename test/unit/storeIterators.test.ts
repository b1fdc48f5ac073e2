/**
 * dynalite 4.0.0 never closes the LevelDB iterators behind its reads (every Query, Scan,
 * ListTables and DeleteTable leaks one); local/store/closeIterators.cjs closes them. Real dynalite
 * on a real LevelDB folder, called by the AWS SDK over HTTP; the open iterators are counted by
 * abstract-level's own bookkeeping (every iterator attaches itself to its database until closed).
 */
import {
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersTable } from '../../definitions/ordersTable.js';
import { ensureTable } from '../../local/store/ensureTable.js';

const require = createRequire(import.meta.url);
const dynaliteDir = dirname(require.resolve('dynalite'));
const dynalite = require('dynalite') as (options: object) => Server;
const { closeStreamIterators } = require('../../local/store/closeIterators.cjs') as { closeStreamIterators(db: LevelDb): LevelDb };

interface LevelDb {
  attachResource(resource: object): void;
  detachResource(resource: object): void;
}

// Every store dynalite creates in this file, in order: its main database is where iterators attach.
const stores: { db: LevelDb }[] = [];
const dbModule = require(join(dynaliteDir, 'db')) as { create(options: object): { db: LevelDb } };
const create = dbModule.create;
dbModule.create = (options) => {
  const store = create(options);
  stores.push(store);
  return store;
};

interface Store {
  client: DynamoDBClient;
  /** Iterators attached to the database and not yet detached (closed). */
  open(): number;
  stop(): Promise<void>;
}

async function startStore(closing: boolean): Promise<Store> {
  const server = dynalite({ path: mkdtempSync(join(tmpdir(), 'iterators-')), createTableMs: 0, deleteTableMs: 0 });
  const { db } = stores[stores.length - 1]!;
  if (closing) closeStreamIterators(db);
  let open = 0;
  const attach = db.attachResource.bind(db);
  const detach = db.detachResource.bind(db);
  db.attachResource = (resource) => {
    open += 1;
    attach(resource);
  };
  db.detachResource = (resource) => {
    open -= 1;
    detach(resource);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    client,
    open: () => open,
    stop: async () => {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const TABLE = 'Orders';
const query = (extra: Partial<QueryCommandInput>): QueryCommand =>
  new QueryCommand({
    TableName: TABLE,
    IndexName: ordersTable.userTimeIndex.name,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': 'store_id', '#sk': 'timestamp' },
    ExpressionAttributeValues: { ':pk': { S: 's1' }, ':prefix': { S: 'reader#' } },
    ScanIndexForward: false,
    ConsistentRead: true,
    ...extra,
  });

/** The reads the store serves with iterators, each answer reduced to what a caller sees. */
async function reads(client: DynamoDBClient): Promise<{ answers: unknown[]; count: number }> {
  const answers: unknown[] = [];
  const pages = await Promise.all([
    client.send(query({ Limit: 10 })), // stops at the limit
    client.send(query({ Limit: 12 })), // exactly the partition's 12
    client.send(query({})), // to the range's end
    client.send(query({ ExpressionAttributeValues: { ':pk': { S: 's1' }, ':prefix': { S: 'nobody#' } } })), // empty range
    client.send(
      query({
        FilterExpression: 'grand_total > :min',
        ExpressionAttributeValues: { ':pk': { S: 's1' }, ':prefix': { S: 'reader#' }, ':min': { N: '5' } },
      }),
    ),
    client.send(
      new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'store_id = :s', ExpressionAttributeValues: { ':s': { S: 's1' } } }),
    ),
    client.send(new ScanCommand({ TableName: TABLE, Limit: 5 })),
    client.send(new ScanCommand({ TableName: TABLE })),
  ]);
  for (const page of pages)
    answers.push({ Count: page.Count, ScannedCount: page.ScannedCount, Items: page.Items, Last: page.LastEvaluatedKey });
  const tables = await client.send(new ListTablesCommand({}));
  answers.push(tables.TableNames);
  return { answers, count: pages.length + 1 };
}

describe('the iterators behind dynalite’s reads (closeIterators.cjs)', () => {
  let leaking: Store;
  let closing: Store;

  beforeAll(async () => {
    [leaking, closing] = await Promise.all([startStore(false), startStore(true)]);
    for (const store of [leaking, closing]) {
      await ensureTable(store.client, TABLE);
      for (let i = 0; i < 12; i += 1) {
        const item = { store_id: { S: 's1' }, order_id: { S: `o${i}` }, user_id: { S: 'reader' }, grand_total: { N: String(i) } };
        await store.client.send(new PutItemCommand({ TableName: TABLE, Item: { ...item, timestamp: { S: `reader#${1000 + i}` } } }));
      }
    }
  });
  afterAll(async () => Promise.all([leaking.stop(), closing.stop()]));

  it('dynalite as shipped leaves one iterator open per read (the defect this module repairs; fails once dynalite fixes it)', async () => {
    const before = leaking.open();
    const { count } = await reads(leaking.client);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // At least one per read (abstract-level's value iterator wraps an entry iterator: both attach).
    expect(leaking.open() - before).toBeGreaterThanOrEqual(count);
  });

  it('with closeIterators.cjs every read closes its iterator, and every answer is the same', async () => {
    const before = closing.open();
    const [shipped, repaired] = await Promise.all([reads(leaking.client), reads(closing.client)]);
    expect(repaired.answers).toEqual(shipped.answers);
    expect((repaired.answers[0] as { Items: unknown[] }).Items).toHaveLength(10);
    expect((repaired.answers[2] as { Items: unknown[] }).Items).toHaveLength(12);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(before).toBe(0);
    expect(closing.open()).toBe(0);
  });

  it('DeleteTable (which reads every key of the table) closes its iterator too, and the table is gone', async () => {
    await closing.client.send(new DeleteTableCommand({ TableName: TABLE }));
    expect((await closing.client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closing.open()).toBe(0);
  });
});

/**
 * dynalite 4.0.0 never closes the LevelDB iterators behind its reads (every Query, Scan,
 * ListTables and DeleteTable leaks one); local/store/readStreams.cjs closes them (and reads in batches). Real dynalite
 * on a real LevelDB folder, called by the AWS SDK over HTTP; the open iterators are counted by
 * abstract-level's own bookkeeping (every iterator attaches itself to its database until closed).
 */
import {
  BatchWriteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type QueryCommandInput,
  waitUntilTableNotExists,
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
const { useReadStreams } = require('../../local/store/readStreams.cjs') as { useReadStreams(db: LevelDb): LevelDb };

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
  if (closing) useReadStreams(db);
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

describe('the iterators behind dynalite’s reads (readStreams.cjs)', () => {
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

  it('with readStreams.cjs every read closes its iterator, and every answer is the same', async () => {
    const before = closing.open();
    const [shipped, repaired] = await Promise.all([reads(leaking.client), reads(closing.client)]);
    expect(repaired.answers).toEqual(shipped.answers);
    expect((repaired.answers[0] as { Items: unknown[] }).Items).toHaveLength(10);
    expect((repaired.answers[2] as { Items: unknown[] }).Items).toHaveLength(12);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(before).toBe(0);
    expect(closing.open()).toBe(0);
  });

  it('reads longer than one batch and past the 1 MB page give the same pages (1,300 orders of 2 KB)', async () => {
    for (const store of [leaking, closing]) {
      for (let start = 0; start < 1300; start += 25) {
        const puts = Array.from({ length: 25 }, (_, k) => ({
          PutRequest: {
            Item: {
              store_id: { S: 'big' },
              order_id: { S: `b${String(start + k).padStart(5, '0')}` },
              timestamp: { S: `reader#${start + k}` },
              note: { S: 'x'.repeat(2000) },
            },
          },
        }));
        await store.client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: puts } }));
      }
    }
    /** Every page of a read, following LastEvaluatedKey to the end. */
    const pages = async (client: DynamoDBClient, read: (start?: Record<string, AttributeValue>) => QueryCommand | ScanCommand) => {
      const out: unknown[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(read(start) as QueryCommand);
        out.push({ Count: page.Count, ScannedCount: page.ScannedCount, first: page.Items?.[0], Last: page.LastEvaluatedKey });
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    };
    const scan = (start?: Record<string, AttributeValue>) => new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start });
    const big = (start?: Record<string, AttributeValue>) =>
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'store_id = :s',
        ExpressionAttributeValues: { ':s': { S: 'big' } },
        ScanIndexForward: false,
        ExclusiveStartKey: start,
      });
    for (const read of [scan, big]) {
      const [shipped, repaired] = await Promise.all([pages(leaking.client, read), pages(closing.client, read)]);
      expect(repaired).toEqual(shipped);
      expect(repaired.length).toBeGreaterThan(1); // the 1 MB page limit was reached
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closing.open()).toBe(0);
  });

  it('DeleteTable (which reads every key of the table) closes its iterator too, and the table is gone', async () => {
    await closing.client.send(new DeleteTableCommand({ TableName: TABLE }));
    // DeleteTable answers DELETING; the table goes later (as on DynamoDB): the SDK's waiter polls for it.
    await waitUntilTableNotExists({ client: closing.client, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.2 }, { TableName: TABLE });
    expect((await closing.client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closing.open()).toBe(0);
  });
});

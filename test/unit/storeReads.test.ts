/**
 * dynalite's reads as patched (patches/: close-iterators, bound-key-streams, query-without-lazy)
 * against dynalite as published: dynalite 4.0.0 never closes the LevelDB iterators behind its reads
 * (every Query, Scan, ListTables and DeleteTable leaks one) and its key streams read every key in
 * the store; patched, it closes them, reads only the sub-database's own keys, and answers Queries
 * and Scans without its `lazy` pipeline — with the same answers, compared page by page over
 * generated requests. Real dynalite on real LevelDB folders, one as published (a copy with the
 * patches reversed: asShipped.ts) and one as installed, called by the AWS SDK over HTTP. Open
 * iterators are counted by abstract-level's own bookkeeping (every iterator attaches itself to its
 * database until closed), observed through the stores the test captures from dynalite's exported
 * `create`: the test watches, it changes nothing either store does.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TagResourceCommand,
  type AttributeValue,
  type QueryCommandInput,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ordersTable } from '../../definitions/ordersTable.js';
import { ensureTable } from '../../local/store/ensureTable.js';
import { asShipped } from './asShipped.js';

const require = createRequire(import.meta.url);
const shippedCopy = asShipped('dynalite');
const dynalites = {
  shipped: { dir: shippedCopy.dir, dynalite: require(shippedCopy.dir) as (options: object) => Server },
  patched: { dir: dirname(require.resolve('dynalite')), dynalite: require('dynalite') as (options: object) => Server },
};

interface LevelDb {
  attachResource(resource: object): void;
  detachResource(resource: object): void;
  createKeyStream(options?: object): NodeJS.ReadableStream;
  createValueStream(options?: object): NodeJS.ReadableStream;
  keys(): AsyncIterable<string>;
}

// Every store each dynalite creates in this file, in order: its main database is where iterators attach.
const stores: { db: LevelDb }[] = [];
for (const { dir } of Object.values(dynalites)) {
  const dbModule = require(join(dir, 'db')) as { create(options: object): { db: LevelDb } };
  const create = dbModule.create;
  dbModule.create = (options) => {
    const store = create(options);
    stores.push(store);
    return store;
  };
}

interface Store {
  client: DynamoDBClient;
  db: LevelDb;
  /** Iterators attached to the database and not yet detached (closed). */
  open(): number;
  stop(): Promise<void>;
}

async function startStore(kind: keyof typeof dynalites): Promise<Store> {
  const server = dynalites[kind].dynalite({ path: mkdtempSync(join(tmpdir(), 'iterators-')), createTableMs: 0, deleteTableMs: 0 });
  const store = stores[stores.length - 1]!;
  const { db } = store;
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
    db,
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

/** Every page of a read (or its refusal), following LastEvaluatedKey, 40 pages at most; each as the caller sees it. */
async function everyPage(
  client: DynamoDBClient,
  read: (start?: Record<string, AttributeValue>) => QueryCommand | ScanCommand,
): Promise<unknown[]> {
  const out: unknown[] = [];
  let start: Record<string, AttributeValue> | undefined;
  for (let page = 0; page < 40; page += 1) {
    try {
      const { $metadata: _metadata, ...answer } = await client.send(read(start) as QueryCommand);
      out.push(answer);
      start = answer.LastEvaluatedKey;
    } catch (error) {
      out.push({ error: (error as Error).name, message: (error as Error).message });
      start = undefined;
    }
    if (!start) break;
  }
  return out;
}

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

describe('dynalite’s reads, patched, against dynalite as published', () => {
  let published: Store;
  let patched: Store;

  beforeAll(async () => {
    [published, patched] = await Promise.all([startStore('shipped'), startStore('patched')]);
    for (const store of [published, patched]) {
      await ensureTable(store.client, TABLE);
      for (let i = 0; i < 12; i += 1) {
        const item = { store_id: { S: 's1' }, order_id: { S: `o${i}` }, user_id: { S: 'reader' }, grand_total: { N: String(i) } };
        await store.client.send(new PutItemCommand({ TableName: TABLE, Item: { ...item, timestamp: { S: `reader#${1000 + i}` } } }));
      }
    }
  });
  afterAll(async () => {
    await Promise.all([published.stop(), patched.stop()]);
    shippedCopy.remove();
  });

  it('dynalite as published leaves one iterator open per read (the defect close-iterators repairs; fails once dynalite fixes it)', async () => {
    const before = published.open();
    const { count } = await reads(published.client);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // At least one per read (abstract-level's value iterator wraps an entry iterator: both attach).
    expect(published.open() - before).toBeGreaterThanOrEqual(count);
  });

  it('patched, every read closes its iterator, and every answer is the same', async () => {
    const before = patched.open();
    const [fromPublished, fromPatched] = await Promise.all([reads(published.client), reads(patched.client)]);
    expect(fromPatched.answers).toEqual(fromPublished.answers);
    expect((fromPatched.answers[0] as { Items: unknown[] }).Items).toHaveLength(10);
    expect((fromPatched.answers[2] as { Items: unknown[] }).Items).toHaveLength(12);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(before).toBe(0);
    expect(patched.open()).toBe(0);
  });

  it('patched, Queries and Scans read their iterator without a stream (query-without-lazy); as published, each streams', async () => {
    const streams = new Map<Store, number>();
    const restore: (() => void)[] = [];
    for (const store of [published, patched]) {
      streams.set(store, 0);
      const createValueStream = store.db.createValueStream;
      store.db.createValueStream = (options) => (streams.set(store, streams.get(store)! + 1), createValueStream.call(store.db, options));
      restore.push(() => (store.db.createValueStream = createValueStream));
    }
    try {
      const [fromPublished, fromPatched] = await Promise.all([reads(published.client), reads(patched.client)]);
      expect(fromPatched.answers).toEqual(fromPublished.answers);
    } finally {
      restore.forEach((undo) => undo());
    }
    expect(streams.get(published)).toBe(8); // six Queries and two Scans
    expect(streams.get(patched)).toBe(0);
  });

  it('reads longer than one batch and past the 1 MB page give the same pages (1,300 orders of 2 KB)', async () => {
    for (const store of [published, patched]) {
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
      const [fromPublished, fromPatched] = await Promise.all([everyPage(published.client, read), everyPage(patched.client, read)]);
      expect(fromPatched).toEqual(fromPublished);
      expect(fromPatched.length).toBeGreaterThan(1); // the 1 MB page limit was reached
      expect(fromPatched).not.toContainEqual(expect.objectContaining({ error: expect.anything() })); // every page answered
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(patched.open()).toBe(0);
  });

  it('generated Queries and Scans (indexes of every projection, limits, filters, projections, COUNT, capacity, segments, bad requests) get the same pages', async () => {
    const READS = 'Reads';
    for (const store of [published, patched]) {
      await store.client.send(
        new CreateTableCommand({
          TableName: READS,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'N' },
            { AttributeName: 'lsk', AttributeType: 'S' },
            { AttributeName: 'g', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: 'lsi-all',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'lsk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
            {
              IndexName: 'lsi-keys',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'lsk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'gsi',
              KeySchema: [
                { AttributeName: 'g', KeyType: 'HASH' },
                { AttributeName: 'sk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['n'] },
            },
          ],
        }),
      );
      await waitUntilTableExists({ client: store.client, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.2 }, { TableName: READS });
    }
    // One data set for both stores: 90 items over three partitions, some without the GSI key, some large.
    const items = Array.from({ length: 90 }, (_, i) => {
      const item: Record<string, AttributeValue> = {
        pk: { S: ['a', 'b', 'c'][i % 3]! },
        sk: { N: String((i * 37) % 101) },
        lsk: { S: `${'xyz'[i % 3]}${(i * 7) % 10}` },
        n: { N: String(i % 17) },
      };
      if (i % 4 !== 0) item.g = { S: i % 2 === 0 ? 'x' : 'y' };
      if (i % 9 === 0) item.pad = { S: 'p'.repeat(3000) };
      return item;
    });
    for (const store of [published, patched])
      for (let start = 0; start < items.length; start += 25)
        await store.client.send(
          new BatchWriteItemCommand({
            RequestItems: { [READS]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) },
          }),
        );

    type Read = Record<string, unknown> & { kind: 'query' | 'scan' };
    const range = fc.oneof(
      fc.constant(undefined),
      fc.record({ op: fc.constantFrom('=', '<', '<=', '>', '>='), v: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ op: fc.constant('BETWEEN'), v: fc.integer({ min: 0, max: 60 }), w: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ op: fc.constant('begins_with'), s: fc.constantFrom('x', 'y', 'z1', 'q') }),
    );
    const read = fc.record({
      kind: fc.constantFrom('query', 'scan'),
      index: fc.constantFrom(undefined, 'lsi-all', 'lsi-keys', 'gsi'),
      hash: fc.constantFrom('a', 'b', 'c', 'x', 'y', 'none'),
      range,
      Limit: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
      forward: fc.boolean(),
      filter: fc.constantFrom(undefined, 'n > :f', 'attribute_exists(g)', 'begins_with(lsk, :p)'),
      projection: fc.constantFrom(undefined, 'pk, n', 'sk'),
      Select: fc.constantFrom(undefined, 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'),
      capacity: fc.constantFrom(undefined, 'TOTAL', 'INDEXES', 'NONE'),
      ConsistentRead: fc.boolean(),
      segments: fc.constantFrom(undefined, 0, 1),
      legacy: fc.boolean(),
    });
    /**
     * The request a generated read stands for, in expressions or (legacy) in KeyConditions,
     * QueryFilter/ScanFilter and AttributesToGet; some are refused by DynamoDB's rules, as both stores must agree.
     */
    const request = (r: Record<string, unknown>, start?: Record<string, AttributeValue>): QueryCommand | ScanCommand => {
      const legacy = r.legacy as boolean;
      const names: Record<string, string> = {};
      const values: Record<string, AttributeValue> = {};
      const common: Record<string, unknown> = {
        TableName: READS,
        IndexName: r.index,
        Limit: r.Limit,
        Select: r.Select,
        ReturnConsumedCapacity: r.capacity,
        ConsistentRead: r.ConsistentRead,
        ExclusiveStartKey: start,
      };
      const filterKey = r.kind === 'scan' ? 'ScanFilter' : 'QueryFilter';
      if (r.projection) {
        if (legacy) common.AttributesToGet = String(r.projection).split(', ');
        else common.ProjectionExpression = r.projection;
      }
      if (r.filter === 'n > :f') {
        if (legacy) common[filterKey] = { n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '8' }] } };
        else values[':f'] = { N: '8' };
      } else if (r.filter === 'begins_with(lsk, :p)') {
        if (legacy) common[filterKey] = { lsk: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'y' }] } };
        else values[':p'] = { S: 'y' };
      } else if (r.filter && legacy) common[filterKey] = { g: { ComparisonOperator: 'NOT_NULL' } };
      if (r.filter && !legacy) common.FilterExpression = r.filter;
      if (r.kind === 'scan') {
        if (r.segments !== undefined) Object.assign(common, { TotalSegments: 2, Segment: r.segments });
        return new ScanCommand({ ...common, ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}) } as never);
      }
      const hashName = r.index === 'gsi' ? 'g' : 'pk';
      const rangeName = r.index === 'gsi' || r.index === undefined ? 'sk' : 'lsk';
      const rg = r.range as { op: string; v?: number; w?: number; s?: string } | undefined;
      const value = (n: number | undefined): AttributeValue => (rangeName === 'lsk' ? { S: `y${n ?? 0}` } : { N: String(n ?? 0) });
      const operands: AttributeValue[] = !rg
        ? []
        : rg.op === 'BETWEEN'
          ? [value(rg.v), value(rg.w)]
          : rg.op === 'begins_with'
            ? [{ S: rg.s! }]
            : [value(rg.v)];
      if (legacy) {
        const operators: Record<string, string> = {
          '=': 'EQ',
          '<': 'LT',
          '<=': 'LE',
          '>': 'GT',
          '>=': 'GE',
          BETWEEN: 'BETWEEN',
          begins_with: 'BEGINS_WITH',
        };
        const KeyConditions: Record<string, unknown> = {
          [hashName]: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: String(r.hash) }] },
        };
        if (rg) KeyConditions[rangeName] = { ComparisonOperator: operators[rg.op], AttributeValueList: operands };
        return new QueryCommand({ ...common, KeyConditions, ScanIndexForward: r.forward as boolean } as never);
      }
      names['#h'] = hashName;
      values[':h'] = { S: String(r.hash) };
      let condition = '#h = :h';
      if (rg) {
        names['#r'] = rangeName;
        operands.forEach((operand, i) => (values[`:r${i + 1}`] = operand));
        if (rg.op === 'BETWEEN') condition += ' AND #r BETWEEN :r1 AND :r2';
        else if (rg.op === 'begins_with') condition += ' AND begins_with(#r, :r1)';
        else condition += ` AND #r ${rg.op} :r1`;
      }
      return new QueryCommand({
        ...common,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: r.forward as boolean,
      } as never);
    };
    const seen = { refused: 0, answered: 0, paged: 0, filtered: 0, legacy: 0 };
    await fc.assert(
      fc.asyncProperty(read, async (r: Read) => {
        const [fromPublished, fromPatched] = await Promise.all([
          everyPage(published.client, (start) => request(r, start)),
          everyPage(patched.client, (start) => request(r, start)),
        ]);
        expect(fromPatched).toEqual(fromPublished);
        const first = fromPatched[0] as { error?: string; Count?: number; ScannedCount?: number };
        if (first.error) seen.refused += 1;
        else seen.answered += 1;
        if (!first.error && r.legacy) seen.legacy += 1;
        if (fromPatched.length > 1) seen.paged += 1;
        if (first.Count !== undefined && first.Count < first.ScannedCount!) seen.filtered += 1;
      }),
      { numRuns: 400 },
    );
    // The generator reaches every kind of answer, not mostly refusals.
    expect(seen.answered).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(10);
    expect(seen.paged).toBeGreaterThan(20);
    expect(seen.filtered).toBeGreaterThan(10);
    expect(seen.legacy).toBeGreaterThan(40);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(patched.open()).toBe(0);
  });

  it('ListTables, ListTagsOfResource and DeleteTable read only their own keys (bound-key-streams) and answer as published', async () => {
    const tables = ['T-a', 'T-b', 'T-c'];
    for (const store of [published, patched]) {
      for (const TableName of tables) {
        await store.client.send(
          new CreateTableCommand({
            TableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          }),
        );
        await waitUntilTableExists({ client: store.client, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.2 }, { TableName });
        const puts = Array.from({ length: 25 }, (_, i) => ({
          PutRequest: { Item: { id: { S: `${TableName}-${i}` }, n: { N: String(i) } } },
        }));
        await store.client.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: puts } }));
      }
      const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/T-b`;
      await store.client.send(
        new TagResourceCommand({
          ResourceArn: arn,
          Tags: [
            { Key: 'team', Value: 'orders' },
            { Key: 'env', Value: 'local' },
            { Key: 'ключ-中', Value: 'ok' },
          ],
        }),
      );
    }
    // Keys each store's main database streams (dynalite's sub-database wrapper reads through it).
    const streamed = new Map<Store, number>();
    for (const store of [published, patched]) {
      streamed.set(store, 0);
      const createKeyStream = store.db.createKeyStream.bind(store.db);
      store.db.createKeyStream = (options) => createKeyStream(options).on('data', () => streamed.set(store, streamed.get(store)! + 1));
    }
    const answers = async (client: DynamoDBClient) => [
      (await client.send(new ListTablesCommand({}))).TableNames,
      (await client.send(new ListTablesCommand({ Limit: 2 }))).LastEvaluatedTableName,
      (await client.send(new ListTablesCommand({ ExclusiveStartTableName: 'T-a', Limit: 1 }))).TableNames,
      (await client.send(new ListTagsOfResourceCommand({ ResourceArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/T-b' }))).Tags,
      (await client.send(new ListTagsOfResourceCommand({ ResourceArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/T-a' }))).Tags,
    ];
    const [fromPublished, fromPatched] = [await answers(published.client), await answers(patched.client)];
    expect(fromPatched).toEqual(fromPublished);
    expect(fromPatched[0]).toEqual(expect.arrayContaining(tables));
    expect((fromPatched[3] as unknown[]).length).toBe(3);
    // Three ListTables (each the tables' keys only) and two tag listings (T-b's three keys, T-a's none).
    const tableCount = (fromPatched[0] as string[]).length;
    expect(streamed.get(patched)).toBe(3 * tableCount + 3);
    // As published, each of the five reads streams every key in the store (over 75 items).
    expect(streamed.get(published)).toBeGreaterThan(5 * 75);
    // DeleteTable removes the same keys (items, tags, the description) from both stores.
    for (const store of [published, patched]) {
      await store.client.send(new DeleteTableCommand({ TableName: 'T-b' }));
      await waitUntilTableNotExists({ client: store.client, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.2 }, { TableName: 'T-b' });
    }
    const allKeys = async (db: LevelDb): Promise<string[]> => {
      const out: string[] = [];
      for await (const key of db.keys()) out.push(key);
      return out;
    };
    const [left, right] = [await allKeys(published.db), await allKeys(patched.db)];
    expect(right).toEqual(left);
    expect(right.some((key) => key.includes('T-b'))).toBe(false);
    expect(right.filter((key) => key.startsWith('item-T-a~'))).toHaveLength(25);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(patched.open()).toBe(0);
  });

  it('DeleteTable (which reads every key of the table) closes its iterator too, and the table is gone', async () => {
    await patched.client.send(new DeleteTableCommand({ TableName: TABLE }));
    // DeleteTable answers DELETING; the table goes later, as on DynamoDB ("the specified table is in the DELETING state
    // until DynamoDB completes the deletion": https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html).
    // The SDK's waiter polls for it.
    await waitUntilTableNotExists({ client: patched.client, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.2 }, { TableName: TABLE });
    expect((await patched.client.send(new ListTablesCommand({}))).TableNames).not.toContain(TABLE);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(patched.open()).toBe(0);
  });
});

/**
 * The runtime's in-process client for the embedded store (local/store/embeddedClient.ts) answers
 * exactly as the full AWS SDK does against the same store (over its Unix socket): same outputs,
 * same exception classes, names, messages and faults, binary values included — so the data source
 * cannot tell them apart. Real dynalite in its worker; nothing mocked.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDynamoClient } from '../../local/store/embeddedClient.js';
import { storeConnection } from '../../local/store/dynamoClient.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../local/store/embeddedStore.js';
import { createTableInput, ensureTable } from '../../local/store/ensureTable.js';

const TABLE = 'Orders';
let store: EmbeddedStore;
let direct: DynamoDBClient;
let sdk: DynamoDBClient;

beforeAll(async () => {
  store = await startEmbeddedStore(mkdtempSync(join(tmpdir(), 'orders-embedded-')));
  direct = createEmbeddedDynamoClient(store);
  sdk = new DynamoDBClient({
    ...storeConnection(store.socketPath!),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  await ensureTable(direct, TABLE); // CreateTable, DescribeTable and the waiter: the SDK path through the worker
});
afterAll(async () => {
  direct?.destroy();
  sdk?.destroy();
  await store?.close();
});

type Cmd = { input: object };
/** Output or exception, without what legitimately differs per call ($metadata's request id). */
async function outcome(client: DynamoDBClient, command: Cmd): Promise<unknown> {
  try {
    const { $metadata, ...out } = (await client.send(command as never)) as { $metadata: object };
    expect($metadata).toMatchObject({ httpStatusCode: 200 });
    return { ok: out };
  } catch (error) {
    expect(error).toBeInstanceOf(DynamoDBServiceException);
    const e = error as DynamoDBServiceException & { Item?: unknown };
    return {
      error: {
        class: e.constructor.name,
        name: e.name,
        message: e.message,
        fault: e.$fault,
        status: e.$metadata.httpStatusCode,
        item: e.Item,
      },
    };
  }
}

/** Runs a command through both clients, each on its own key, and returns both outcomes. */
async function both(make: (store_id: string) => Cmd): Promise<[unknown, unknown]> {
  return [await outcome(direct, make('direct')), await outcome(sdk, make('sdk'))];
}

const item = (store_id: string) => ({
  store_id: { S: store_id },
  order_id: { S: 'o1' },
  user_id: { S: 'u' },
  grand_total: { N: '1.5' },
  timestamp: { S: 'u#1' },
  blob: { B: new Uint8Array([0, 1, 2, 250]) },
  blobs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
  nested: { M: { b: { B: new Uint8Array([9]) }, l: { L: [{ N: '1' }, { S: 'x' }] } } },
});
const key = (store_id: string) => ({ store_id: { S: store_id }, order_id: { S: 'o1' } });
const strip = (o: unknown): unknown => JSON.parse(JSON.stringify(o).replaceAll('direct', 'X').replaceAll('sdk', 'X'));

describe('in-process client vs the AWS SDK on the same store', () => {
  it('writes and reads the same items, binary values included', async () => {
    const cases: Array<(s: string) => Cmd> = [
      (s) => new PutItemCommand({ TableName: TABLE, Item: item(s), ConditionExpression: 'attribute_not_exists(store_id)' }),
      (s) => new GetItemCommand({ TableName: TABLE, Key: key(s), ConsistentRead: true }),
      (s) =>
        new UpdateItemCommand({
          TableName: TABLE,
          Key: key(s),
          UpdateExpression: 'SET grand_total = :t',
          ExpressionAttributeValues: { ':t': { N: '2' } },
          ReturnValues: 'ALL_NEW',
        }),
      (s) =>
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'store_id = :s',
          ExpressionAttributeValues: { ':s': { S: s } },
          ConsistentRead: true,
          Limit: 1,
        }),
      (s) =>
        new QueryCommand({
          TableName: TABLE,
          IndexName: createTableInput(TABLE).LocalSecondaryIndexes![0]!.IndexName,
          KeyConditionExpression: 'store_id = :s AND begins_with(#t, :p)',
          ExpressionAttributeNames: { '#t': 'timestamp' },
          ExpressionAttributeValues: { ':s': { S: s }, ':p': { S: 'u#' } },
          ScanIndexForward: false,
        }),
      (s) => new ScanCommand({ TableName: TABLE, FilterExpression: 'store_id = :s', ExpressionAttributeValues: { ':s': { S: s } } }),
      (s) => new DeleteItemCommand({ TableName: TABLE, Key: key(s), ReturnValues: 'ALL_OLD' }),
    ];
    for (const make of cases) {
      const [a, b] = await both(make);
      expect(strip(a)).toEqual(strip(b));
    }
    // Bytes come back as bytes, not base64 text.
    await direct.send(new PutItemCommand({ TableName: TABLE, Item: item('bytes') }));
    const got = await direct.send(new GetItemCommand({ TableName: TABLE, Key: key('bytes') }));
    expect(got.Item!.blob!.B).toEqual(new Uint8Array([0, 1, 2, 250]));
    expect(got.Item!.nested!.M!.b!.B).toEqual(new Uint8Array([9]));
  });

  it('fails with the same exceptions: a failed condition, the store’s own validation, a missing table', async () => {
    await both((s) => new PutItemCommand({ TableName: TABLE, Item: item(s) }));
    const failures: Array<(s: string) => Cmd> = [
      (s) => new PutItemCommand({ TableName: TABLE, Item: item(s), ConditionExpression: 'attribute_not_exists(store_id)' }),
      (s) =>
        new PutItemCommand({
          TableName: TABLE,
          Item: item(s),
          ConditionExpression: 'attribute_not_exists(store_id)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      (s) =>
        new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'store_id = :s AND', ExpressionAttributeValues: { ':s': { S: s } } }),
      (s) => new PutItemCommand({ TableName: TABLE, Item: { store_id: { S: s } } }),
      (s) => new GetItemCommand({ TableName: 'NoSuchTable', Key: key(s) }),
      (s) => new PutItemCommand({ TableName: TABLE, Item: { ...item(s), grand_total: { N: 'not a number' } } }),
    ];
    for (const make of failures) {
      const [a, b] = await both(make);
      expect(a).toHaveProperty('error');
      expect(strip(a)).toEqual(strip(b));
    }
    const conditional = await direct
      .send(new PutItemCommand({ TableName: TABLE, Item: item('direct'), ConditionExpression: 'attribute_not_exists(store_id)' }))
      .catch((e: unknown) => e);
    expect(conditional).toBeInstanceOf(ConditionalCheckFailedException);
  });
});

/** The DynamoDB data source against a real dynalite server over the real AWS SDK. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDBDataSource, type DynamoDBDataSource } from '../../local/appsync/dataSources/dynamodb.js';
import { createPageTokens } from '../../local/appsync/dataSources/pageToken.js';
import { createDynamoClient } from '../../local/store/dynamoClient.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../local/store/embeddedStore.js';
import { ensureTable } from '../../local/store/ensureTable.js';

let store: EmbeddedStore;
let client: DynamoDBClient;
let ds: DynamoDBDataSource;

beforeAll(async () => {
  store = await startEmbeddedStore(mkdtempSync(join(tmpdir(), 'ds-')));
  client = createDynamoClient(store.endpoint);
  await ensureTable(client, 'Orders');
  ds = createDynamoDBDataSource(client, 'Orders', createPageTokens('secret'));
});
afterAll(async () => {
  client?.destroy();
  await store?.close();
});

const put = (order_id: string, user: string, total: number) => ({
  operation: 'PutItem',
  key: { store_id: { S: 's' }, order_id: { S: order_id } },
  attributeValues: { user_id: { S: user }, grand_total: { N: total }, timestamp: { S: `${user}#1` } },
  condition: { expression: 'attribute_not_exists(#s)', expressionNames: { '#s': 'store_id' }, expressionValues: {} },
});

describe('DynamoDB data source', () => {
  it('puts with a condition and returns the stored item as plain JSON', async () => {
    expect(await ds.invoke(put('p1', 'u', 1.5))).toEqual({
      result: { store_id: 's', order_id: 'p1', user_id: 'u', grand_total: 1.5, timestamp: 'u#1' },
    });
  });

  it("follows AppSync's rule: a failed condition on an identical item is a success", async () => {
    await ds.invoke(put('p2', 'u', 2));
    expect(await ds.invoke(put('p2', 'u', 2))).toEqual({ result: expect.objectContaining({ order_id: 'p2', grand_total: 2 }) });
  });

  it('reports a failed condition on a different item as DynamoDB:ConditionalCheckFailedException', async () => {
    await ds.invoke(put('p3', 'u', 3));
    expect(await ds.invoke(put('p3', 'u', 4))).toEqual({
      error: { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' },
    });
  });

  it('reports an invalid request as DynamoDB:ValidationException, not a crash', async () => {
    const out = await ds.invoke({ operation: 'PutItem', key: { store_id: { S: 's' } }, attributeValues: {} });
    expect(out).toMatchObject({ error: { type: 'DynamoDB:ValidationException' } });
  });

  it('refuses operations it does not serve', async () => {
    expect(await ds.invoke({ operation: 'Scan' })).toMatchObject({ error: { type: 'MappingTemplate' } });
  });

  it('fails fast with a typed error when the store is unreachable', async () => {
    const dead = createDynamoDBDataSource(createDynamoClient('http://127.0.0.1:9'), 'Orders', createPageTokens('x'));
    const started = Date.now();
    const out = await dead.invoke({ operation: 'GetItem', key: { store_id: { S: 's' }, order_id: { S: 'x' } } });
    expect(out).toMatchObject({ error: { type: 'DynamoDB:ServiceUnavailableException' } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/** The DynamoDB data source against a real dynalite server over the real AWS SDK. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { createDynamoDBDataSource, type DynamoDBDataSource } from '../../local/engine/dataSources/dynamodb.js';
import { loadResolverFile } from '../../local/engine/runtime/loadResolver.js';
import { createPageTokens } from '../../local/engine/dataSources/pageToken.js';
import { createDynamoClient } from '../../local/store/dynamoClient.js';
import { createEmbeddedDynamoClient } from '../../local/store/embeddedClient.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../local/store/embeddedStore.js';
import { ensureTable } from '../../local/store/ensureTable.js';

let store: EmbeddedStore;
let client: DynamoDBClient;
let ds: DynamoDBDataSource;

beforeAll(async () => {
  store = await startEmbeddedStore(mkdtempSync(join(tmpdir(), 'ds-')));
  client = createEmbeddedDynamoClient(store);
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

  it('reports a failed condition on a different item as DynamoDB:ConditionalCheckFailedException, worded as AppSync does', async () => {
    await ds.invoke(put('p3', 'u', 3));
    const out = await ds.invoke(put('p3', 'u', 4));
    expect(out).toEqual({ error: { message: expect.any(String), type: 'DynamoDB:ConditionalCheckFailedException' } });
    const { message } = (out as { error: { message: string } }).error;
    expect(message).toMatch(/^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: [A-Za-z0-9-]+\)$/);
  });

  it('reports an invalid request as DynamoDB:ValidationException in the same wording, not a crash', async () => {
    const out = await ds.invoke({ operation: 'PutItem', key: { store_id: { S: 's' } }, attributeValues: {} });
    expect(out).toMatchObject({ error: { type: 'DynamoDB:ValidationException' } });
    const { message } = (out as { error: { message: string } }).error;
    expect(message).toMatch(
      /^One or more parameter values were invalid: .+ \(Service: DynamoDb, Status Code: 400, Request ID: [A-Za-z0-9-]+\)$/,
    );
  });

  it("honours the condition's equalsIgnore in the identical-item rule", async () => {
    const withRequest = (request_id: string, equalsIgnore?: string[]) => {
      const base = put('p4', 'u', 4);
      return {
        ...base,
        attributeValues: { ...base.attributeValues, request_id: { S: request_id } },
        condition: { ...base.condition, equalsIgnore },
      };
    };
    expect(await ds.invoke(withRequest('a'))).toMatchObject({ result: { request_id: 'a' } });
    expect(await ds.invoke(withRequest('b'))).toMatchObject({ error: { type: 'DynamoDB:ConditionalCheckFailedException' } });
    expect(await ds.invoke(withRequest('b', ['request_id']))).toMatchObject({ result: { order_id: 'p4' } });
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

describe('createOrder on one clock reading: exactly one of two identical creates wins', () => {
  const createOrder = loadResolverFile(bundlePathOf('Mutation.createOrder'), 'Mutation.createOrder');
  const input = { store_id: 'same-ms', order_id: 'o1', user_id: 'u1', grand_total: 5 };
  const requestAt = (ms: number): Record<string, any> => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(ms);
    const out = createOrder.call('request', { args: { input }, arguments: { input } });
    if (out.kind !== 'value') throw new Error(`request did not return a value: ${out.kind}`);
    return JSON.parse(JSON.stringify(out.value)) as Record<string, any>;
  };
  afterEach(() => {
    vi.useRealTimers();
  });

  it('two requests of one millisecond differ only in write_id, so the second fails its condition', async () => {
    const first = requestAt(1_544_092_158_240);
    const second = requestAt(1_544_092_158_240);
    vi.useRealTimers();
    expect(second.attributeValues.timestamp).toEqual(first.attributeValues.timestamp);
    expect(second.attributeValues.created_at).toEqual({ S: '2018-12-06T10:29:18.240Z' });
    expect(second.attributeValues.write_id.S).not.toBe(first.attributeValues.write_id.S);
    const { write_id: _first, ...firstWithout } = first.attributeValues;
    const { write_id: _second, ...secondWithout } = second.attributeValues;
    expect(secondWithout).toEqual(firstWithout);

    expect(await ds.invoke(first)).toMatchObject({ result: { order_id: 'o1', write_id: first.attributeValues.write_id.S } });
    expect(await ds.invoke(second)).toMatchObject({ error: { type: 'DynamoDB:ConditionalCheckFailedException' } });
    // Without write_id the desired items would be identical and AppSync's rule would let both succeed.
    const again = { ...first, key: { ...first.key, order_id: { S: 'o2' } }, attributeValues: firstWithout };
    expect(await ds.invoke(again)).toMatchObject({ result: { order_id: 'o2' } });
    expect(await ds.invoke(again)).toMatchObject({ result: { order_id: 'o2' } });
  });

  it('maps the condition failure to the contract message whatever the data source wording', () => {
    const failed = createOrder.call('response', {
      error: {
        message: 'The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: ABC123)',
        type: 'DynamoDB:ConditionalCheckFailedException',
      },
    });
    expect(failed.kind === 'error' && [failed.error.message, failed.error.errorType]).toEqual([
      'The conditional request failed',
      'DynamoDB:ConditionalCheckFailedException',
    ]);
    const throttled = createOrder.call('response', {
      error: {
        message: 'Rate exceeded (Service: DynamoDb, Status Code: 400, Request ID: XYZ)',
        type: 'DynamoDB:ProvisionedThroughputExceededException',
      },
    });
    expect(throttled.kind === 'error' && [throttled.error.message, throttled.error.errorType]).toEqual([
      'Rate exceeded',
      'DynamoDB:ProvisionedThroughputExceededException',
    ]);
  });
});

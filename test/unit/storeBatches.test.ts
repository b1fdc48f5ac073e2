/**
 * The embedded store's transport (local/store/embeddedStore.ts, storeWorker.cjs): calls made in one
 * turn of the event loop travel to the worker as one message, and answers come back in batches.
 * Each caller must still get its own answer — successes and failures side by side — and calls made
 * in the same turn as close() must reach the store before it closes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedDynamoClient } from '../../local/store/embeddedClient.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../local/store/embeddedStore.js';

const stores: EmbeddedStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function storeWithTable(dir = mkdtempSync(join(tmpdir(), 'orders-batches-'))) {
  const store = await startEmbeddedStore(dir);
  stores.push(store);
  const client = createEmbeddedDynamoClient(store);
  await client.send(
    new CreateTableCommand({
      TableName: 'Things',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // CreateTable answers while the table is CREATING (as DynamoDB does); items wait for ACTIVE.
  for (let i = 0; i < 100; i += 1) {
    if ((await client.send(new DescribeTableCommand({ TableName: 'Things' }))).Table?.TableStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { store, client, dir };
}

const putBody = (id: string, n: number, onlyNew = false): string =>
  JSON.stringify({
    TableName: 'Things',
    Item: { id: { S: id }, n: { N: String(n) } },
    ...(onlyNew ? { ConditionExpression: 'attribute_not_exists(id)' } : {}),
  });

describe('calls and answers in batches', () => {
  it('200 calls made in one turn each get their own answer, failures among them', async () => {
    const { store, client } = await storeWithTable();
    await store.call('PutItem', putBody('taken', 0));
    // One synchronous loop: every call is made before any can be sent.
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.call('PutItem', i % 50 === 7 ? putBody('taken', i, true) : putBody(`t${i}`, i, true))),
    );
    replies.forEach((reply, i) => {
      if (i % 50 === 7) {
        expect(reply.status).toBe(400);
        expect(JSON.parse(reply.body).__type).toBe('com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException');
      } else expect(reply).toMatchObject({ status: 200 });
    });
    // And each write landed under its own key with its own value.
    for (const i of [0, 1, 56, 199]) {
      const { Item } = await client.send(new GetItemCommand({ TableName: 'Things', Key: { id: { S: `t${i}` } }, ConsistentRead: true }));
      expect(Item?.n?.N).toBe(String(i));
    }
    expect((await client.send(new GetItemCommand({ TableName: 'Things', Key: { id: { S: 'taken' } } }))).Item?.n?.N).toBe('0');
  });

  it('calls made in the same turn as close() reach the store first', async () => {
    const { store, dir } = await storeWithTable();
    const writes = Array.from({ length: 20 }, (_, i) => store.call('PutItem', putBody(`c${i}`, i)));
    const closed = store.close();
    expect((await Promise.all(writes)).map((reply) => reply.status)).toEqual(Array(20).fill(200));
    await closed;
    stores.splice(stores.indexOf(store), 1);

    const reopened = await startEmbeddedStore(dir);
    stores.push(reopened);
    const client = createEmbeddedDynamoClient(reopened);
    const { Item } = await client.send(new GetItemCommand({ TableName: 'Things', Key: { id: { S: 'c19' } }, ConsistentRead: true }));
    expect(Item?.n?.N).toBe('19');
  });
});

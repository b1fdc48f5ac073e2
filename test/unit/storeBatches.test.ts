/**
 * The embedded store's transport (local/store/embeddedStore.ts, storeWorker.cjs): calls made in one
 * turn of the event loop travel to the worker as one message, and answers come back in batches.
 * Each caller must still get its own answer — successes and failures side by side — and calls made
 * in the same turn as close() must reach the store before it closes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedDynamoClient } from '../../local/store/embeddedClient.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../local/store/embeddedStore.js';
import { ensureTable } from '../../local/store/ensureTable.js';

const TABLE = 'Orders';

const stores: EmbeddedStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function storeWithTable(dir = mkdtempSync(join(tmpdir(), 'orders-batches-'))) {
  const store = await startEmbeddedStore(dir);
  stores.push(store);
  const client = createEmbeddedDynamoClient(store);
  await ensureTable(client, TABLE); // the Orders table, ACTIVE
  return { store, client, dir };
}

const key = (id: string) => ({ store_id: { S: 's' }, order_id: { S: id } });
const putBody = (id: string, n: number, onlyNew = false): string =>
  JSON.stringify({
    TableName: TABLE,
    Item: { ...key(id), user_id: { S: 'u' }, n: { N: String(n) } },
    ...(onlyNew ? { ConditionExpression: 'attribute_not_exists(order_id)' } : {}),
  });
const getN = async (client: DynamoDBClient, id: string) =>
  (await client.send(new GetItemCommand({ TableName: TABLE, Key: key(id), ConsistentRead: true }))).Item?.n?.N;

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
    for (const i of [0, 1, 56, 199]) expect(await getN(client, `t${i}`)).toBe(String(i));
    expect(await getN(client, 'taken')).toBe('0');
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
    expect(await getN(createEmbeddedDynamoClient(reopened), 'c19')).toBe('19');
  });
});

/**
 * What an onCreateOrder subscriber receives is the triggering mutation's response, as AppSync
 * sends it: only the fields the mutation selected (under their response keys), the subscription
 * filter evaluated on exactly that, and AppSync's null-completion errors for the rest.
 * https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-data.html
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { ON_CREATE_ORDER, rawClient, sleep, startMessage, type Message, type RawClient } from '../../harness/realtimeClients.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});

afterAll(async () => {
  await server?.stop();
});

const store = (): string => `store-${randomUUID().slice(0, 8)}`;

async function subscriber(variables: Record<string, unknown>, query = ON_CREATE_ORDER): Promise<RawClient> {
  const client = await rawClient(server, server.apiKey);
  client.send({ type: 'connection_init' });
  await client.next((m) => m.type === 'connection_ack');
  client.send(startMessage(server, 'sub', server.apiKey, query, variables));
  await client.next((m) => m.type === 'start_ack' || m.type === 'error');
  expect(client.messages.find((m) => m.type === 'error')).toBeUndefined();
  return client;
}

const data = (client: RawClient): Message[] => client.messages.filter((m) => m.type === 'data');

async function mutate(selection: string, input: Record<string, unknown>): Promise<void> {
  const res = await gql(server, `mutation M($input: CreateOrderInput!) { createOrder(input: $input) { ${selection} } }`, { input });
  expect(res.body.errors, JSON.stringify(res.body)).toBeUndefined();
}

describe('the payload is the mutation’s selection set', () => {
  it('a subscriber gets the fields the mutation selected; the ones it did not are AppSync’s non-null errors', async () => {
    const s = store();
    const narrow = await subscriber({ store_id: s }, 'subscription { onCreateOrder(store_id: "' + s + '") { order_id store_id } }');
    const full = await subscriber({ store_id: s });
    await mutate('order_id store_id', { store_id: s, order_id: 'o1', user_id: 'u1', grand_total: 5 });
    await full.next((m) => m.type === 'data');
    await narrow.next((m) => m.type === 'data');
    expect(data(narrow)[0]!.payload).toEqual({ data: { onCreateOrder: { order_id: 'o1', store_id: s } } });
    const field = (name: string, type: string) => ({
      path: ['onCreateOrder', name],
      locations: null,
      message: `Cannot return null for non-nullable type: '${type}' within parent 'Order' (/onCreateOrder/${name})`,
    });
    expect(data(full)[0]!.payload).toEqual({
      data: { onCreateOrder: null },
      errors: [field('user_id', 'String'), field('grand_total', 'Float'), field('timestamp', 'String'), field('created_at', 'AWSDateTime')],
    });
    narrow.close();
    full.close();
  });

  it('a filter on user_id does not match a mutation that did not select user_id (nor one that aliased it)', async () => {
    const s = store();
    const byUser = await subscriber({ store_id: s, user_id: 'u1' });
    await mutate('store_id order_id grand_total timestamp created_at', { store_id: s, order_id: 'hidden', user_id: 'u1', grand_total: 1 });
    await mutate('store_id order_id uid: user_id grand_total timestamp created_at', {
      store_id: s,
      order_id: 'aliased',
      user_id: 'u1',
      grand_total: 1,
    });
    await mutate('store_id order_id user_id grand_total timestamp created_at', {
      store_id: s,
      order_id: 'seen',
      user_id: 'u1',
      grand_total: 1,
    });
    await byUser.next((m) => m.type === 'data');
    await sleep(100);
    expect(data(byUser).map((m) => m.payload.data.onCreateOrder.order_id)).toEqual(['seen']);
    byUser.close();
  });

  it('an order created through POST /new-order reaches a store-and-user subscriber with every field', async () => {
    const s = store();
    const byUser = await subscriber({ store_id: s, user_id: 'u7' });
    const res = await fetch(`${server.url}/new-order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
      body: JSON.stringify({ store_id: s, order_id: 'rest-7', user_id: 'u7', grand_total: 110.0 }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ statusCode: 201, body: { message: 'Order rest-7 submitted successfully' } });
    const message = await byUser.next((m) => m.type === 'data');
    expect(message.payload.errors).toBeUndefined();
    const order = message.payload.data.onCreateOrder;
    expect(order).toMatchObject({ store_id: s, order_id: 'rest-7', user_id: 'u7', grand_total: 110 });
    expect(order.timestamp).toMatch(/^u7#\d+$/);
    expect(new Date(order.created_at).getTime()).toBe(Number(order.timestamp.split('#')[1]));
    byUser.close();
  });
});

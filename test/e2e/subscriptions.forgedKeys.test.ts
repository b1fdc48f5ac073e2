/**
 * Issue 24, defect 8: a mutation's selection must not put one field's value under another Order
 * field's name. AppSync sends subscribers the mutation's response under its response keys
 * (aws-appsync-community#160) and does not document whether enhanced filters read those keys, so
 * `user_id: order_id` with `order_id: "alice"` could deliver bob's order to alice's subscription
 * (filtered to `user_id = alice`). createOrder's request handler refuses such a selection before
 * anything is written (resolvers/lib/selectionKeys.ts), and the local fan-out filters on field
 * values, never on a key named after another field. Real tokens of the local user pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, gqlAs, poolOf, signIn } from '../../harness/cognito.js';
import { gql, startLocalServer, USER_ORDERS, type LocalServer } from '../../harness/localServer.js';
import { ON_CREATE_ORDER, rawClient, sleep, startMessage, type RawClient } from '../../harness/realtimeClients.js';

const STORE = 'forged';
let server: LocalServer;
let aliceToken: string;
let bobToken: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  server = await startLocalServer();
  const pool = poolOf(server);
  await addUser(pool, 'alice');
  await addUser(pool, 'bob');
  aliceToken = (await signIn(pool, 'alice')).IdToken;
  bobToken = (await signIn(pool, 'bob')).IdToken;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

const authHeader = (token: string) => ({ host: new URL(server.graphqlUrl).host, Authorization: token });

/** alice's own subscription: user_id omitted, so the resolver filters it to user_id = alice. */
async function aliceSubscribes(store: string): Promise<RawClient> {
  const header = Buffer.from(JSON.stringify(authHeader(aliceToken))).toString('base64url');
  const client = await rawClient(server, null, { protocols: ['graphql-ws', `header-${header}`] });
  clients.push(client);
  client.send({ type: 'connection_init' });
  await client.next((m) => m.type === 'connection_ack');
  const start = startMessage(server, 'mine', 'unused', ON_CREATE_ORDER, { store_id: store });
  start.payload.extensions.authorization = authHeader(aliceToken);
  client.send(start);
  expect(await client.next((m) => m.id === 'mine')).toEqual({ type: 'start_ack', id: 'mine' });
  return client;
}

const createAs = (token: string, selection: string, input: Record<string, unknown>, fragments = '') =>
  gqlAs(server, token, `mutation M($input: CreateOrderInput!) { createOrder(input: $input) { ${selection} } } ${fragments}`, { input });

const dataOf = (client: RawClient) => client.messages.filter((m) => m.type === 'data').map((m) => m.payload.data.onCreateOrder);

async function bobsOrderIds(store: string): Promise<string[]> {
  const { body } = await gqlAs(server, bobToken, USER_ORDERS, { store_id: store, limit: 50 });
  return (body.data?.userOrders.items as { order_id: string }[]).map((o) => o.order_id);
}

describe("bob cannot put his order into alice's subscription by renaming fields", () => {
  it('`user_id: order_id` with order_id "alice": refused before the write, and alice receives nothing', async () => {
    const alice = await aliceSubscribes(STORE);
    const forged = await createAs(bobToken, 'store_id order_id user_id: order_id grand_total timestamp created_at', {
      store_id: STORE,
      order_id: 'alice',
      grand_total: 1,
    });
    expect(forged.status).toBe(200);
    expect(forged.body.data).toEqual({ createOrder: null });
    expect(forged.body.errors?.[0]).toMatchObject({ errorType: 'ValidationError', path: ['createOrder'] });
    expect(String(forged.body.errors?.[0]?.message)).toContain('user_id: order_id');
    // The same through a named fragment, whose aliases AppSync's ctx.info does not show.
    const hidden = await createAs(
      bobToken,
      '...F',
      { store_id: STORE, order_id: 'alice', grand_total: 1 },
      'fragment F on Order { store_id user_id: order_id }',
    );
    expect(hidden.body.errors?.[0]).toMatchObject({ errorType: 'ValidationError', path: ['createOrder'] });
    // alice's subscription works: her own order arrives, and it is the only one.
    await createAs(aliceToken, 'store_id order_id user_id grand_total timestamp created_at', {
      store_id: STORE,
      order_id: 'hers',
      grand_total: 2,
    });
    await alice.next((m) => m.type === 'data');
    await sleep(300);
    expect(dataOf(alice).map((o) => o.order_id)).toEqual(['hers']);
    expect(await bobsOrderIds(STORE)).toEqual([]);
  });

  it('`store_id: order_id` cannot reach a store subscription either; the public API key is refused the same way', async () => {
    const store = `${STORE}-2`;
    const watcher = await rawClient(server, server.apiKey);
    clients.push(watcher);
    watcher.send({ type: 'connection_init' });
    await watcher.next((m) => m.type === 'connection_ack');
    watcher.send(startMessage(server, 'all', server.apiKey, ON_CREATE_ORDER, { store_id: store }));
    await watcher.next((m) => m.id === 'all');
    const forged = await gql(
      server,
      `mutation M($input: CreateOrderInput!) { createOrder(input: $input) { store_id: order_id order_id user_id } }`,
      {
        input: { store_id: 'elsewhere', order_id: store, user_id: 'mallory', grand_total: 1 },
      },
    );
    expect(forged.body.errors?.[0]).toMatchObject({ errorType: 'ValidationError' });
    expect(String(forged.body.errors?.[0]?.message)).toContain('store_id: order_id');
    await sleep(300);
    expect(dataOf(watcher)).toEqual([]);
  });

  it('aliases to names that are not Order fields keep working (and still reach no one else)', async () => {
    const alice = await aliceSubscribes(`${STORE}-3`);
    const renamed = await createAs(bobToken, 'store_id id: order_id uid: user_id user_id grand_total', {
      store_id: `${STORE}-3`,
      order_id: 'alice',
      grand_total: 3,
    });
    expect(renamed.body.errors).toBeUndefined();
    expect(renamed.body.data).toEqual({ createOrder: { store_id: `${STORE}-3`, id: 'alice', uid: 'bob', user_id: 'bob', grand_total: 3 } });
    expect(await bobsOrderIds(`${STORE}-3`)).toEqual(['alice']);
    await sleep(300);
    expect(dataOf(alice)).toEqual([]);
  });
});

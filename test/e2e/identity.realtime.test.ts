/**
 * User-pool auth on the real-time endpoint, as AppSync's protocol carries it
 * (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html, "Amazon
 * Cognito user pools and OpenID Connect (OIDC) header": `{"Authorization": <token>, "host": …}`
 * in the handshake and in every `start`'s `payload.extensions.authorization`), with real tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createAdmin, gqlAs, poolOf, signIn, type PoolInfo } from '../../harness/cognito.js';
import { CREATE_ORDER, startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { ON_CREATE_ORDER, rawClient, sleep, startMessage, type Message, type RawClient } from '../../harness/realtimeClients.js';

const UNAUTHORIZED = { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 };

let server: LocalServer;
let pool: PoolInfo;
let aliceToken: string;
let adminToken: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  server = await startLocalServer();
  pool = poolOf(server);
  await addUser(pool, 'alice');
  await createAdmin(pool, 'root');
  aliceToken = (await signIn(pool, 'alice')).IdToken;
  adminToken = (await signIn(pool, 'root')).IdToken;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

const host = (): string => new URL(server.graphqlUrl).host;
const tokenHeader = (token: string): string =>
  Buffer.from(JSON.stringify({ host: host(), Authorization: token }))
    .toString('base64url')
    .replace(/=+$/, '');

/** Connects with the token in the `header-…` subprotocol (aws-amplify's way) or in `?header=` (the docs' way). */
async function connect(token: string, via: 'subprotocol' | 'query' = 'subprotocol'): Promise<RawClient> {
  const client =
    via === 'subprotocol'
      ? await rawClient(server, null, { protocols: ['graphql-ws', `header-${tokenHeader(token)}`] })
      : await rawClient(server, null, {
          protocols: ['graphql-ws'],
          query: `?header=${Buffer.from(JSON.stringify({ host: host(), Authorization: token })).toString('base64')}&payload=e30=`,
        });
  clients.push(client);
  return client;
}

function start(id: string, token: string, variables: Record<string, unknown>): Message {
  const message = startMessage(server, id, 'unused', ON_CREATE_ORDER, variables);
  message.payload.extensions.authorization = { host: host(), Authorization: token };
  return message;
}

describe('a signed-in user on the real-time endpoint', () => {
  it('connects and subscribes to their own orders with their token (user_id omitted), and receives them', async () => {
    const client = await connect(aliceToken);
    client.send({ type: 'connection_init' });
    expect((await client.next((m) => m.type !== 'ka')).type).toBe('connection_ack');
    client.send(start('mine', aliceToken, { store_id: 'rt1' }));
    expect(await client.next((m) => m.id === 'mine')).toEqual({ type: 'start_ack', id: 'mine' });
    await gqlAs(server, aliceToken, CREATE_ORDER, { input: { store_id: 'rt1', order_id: 'o1', grand_total: 2 } });
    const data = await client.next((m) => m.type === 'data');
    expect(data.payload.data.onCreateOrder).toMatchObject({ order_id: 'o1', user_id: 'alice' });
  });

  it("cannot subscribe to bob's orders; an admin can", async () => {
    const client = await connect(aliceToken, 'query');
    client.send({ type: 'connection_init' });
    await client.next((m) => m.type === 'connection_ack');
    client.send(start('bobs', aliceToken, { store_id: 'rt2', user_id: 'bob' }));
    const refused = await client.next((m) => m.id === 'bobs');
    expect(refused.type).toBe('error');
    expect(refused.payload.errors[0]).toMatchObject({ errorType: 'Unauthorized' });
    const adminClient = await connect(adminToken);
    adminClient.send({ type: 'connection_init' });
    await adminClient.next((m) => m.type === 'connection_ack');
    adminClient.send(start('bobs', adminToken, { store_id: 'rt2', user_id: 'bob' }));
    expect(await adminClient.next((m) => m.id === 'bobs')).toEqual({ type: 'start_ack', id: 'bobs' });
  });

  it('a bad token in the handshake: connection_error UnauthorizedException', async () => {
    const client = await connect(`${aliceToken.slice(0, -4)}AAAA`);
    client.send({ type: 'connection_init' });
    expect(await client.next(() => true)).toEqual({ type: 'connection_error', payload: { errors: [UNAUTHORIZED] } });
  });

  it('a Bearer-prefixed token at connect and in start is taken (the real-time doc allows the scheme); a bad one or none: UnauthorizedException, nothing delivered', async () => {
    const client = await connect(`Bearer ${aliceToken}`);
    client.send({ type: 'connection_init' });
    expect((await client.next((m) => m.type !== 'ka')).type).toBe('connection_ack');
    client.send(start('bearer', `Bearer ${aliceToken}`, { store_id: 'rt3' }));
    expect(await client.next((m) => m.id === 'bearer')).toEqual({ type: 'start_ack', id: 'bearer' });
    client.send({ type: 'stop', id: 'bearer' });
    await client.next((m) => m.id === 'bearer' && m.type === 'complete');
    client.send(start('bad', `Bearer ${aliceToken}x`, { store_id: 'rt3' }));
    expect(await client.next((m) => m.id === 'bad')).toEqual({ type: 'error', id: 'bad', payload: { errors: [UNAUTHORIZED] } });
    const noAuth = startMessage(server, 'none', 'unused', ON_CREATE_ORDER, { store_id: 'rt3' });
    delete noAuth.payload.extensions;
    client.send(noAuth);
    expect(await client.next((m) => m.id === 'none')).toEqual({ type: 'error', id: 'none', payload: { errors: [UNAUTHORIZED] } });
    await gqlAs(server, aliceToken, CREATE_ORDER, { input: { store_id: 'rt3', order_id: 'o1', grand_total: 2 } });
    await sleep(300);
    expect(client.messages.filter((m) => m.type === 'data')).toEqual([]);
  });

  it('API keys keep working beside tokens', async () => {
    const client = await rawClient(server, server.apiKey);
    clients.push(client);
    client.send({ type: 'connection_init' });
    await client.next((m) => m.type === 'connection_ack');
    client.send(startMessage(server, 'k', server.apiKey, ON_CREATE_ORDER, { store_id: 'rt4' }));
    expect(await client.next((m) => m.id === 'k')).toEqual({ type: 'start_ack', id: 'k' });
  });
});

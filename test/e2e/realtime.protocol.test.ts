/**
 * AppSync's real-time protocol on the wire, with a plain `ws` client: the exact messages of
 * https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html as the
 * local server sends them, both auth placements, and every error answered in the protocol.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { authHeader, ON_CREATE_ORDER, rawClient, realtimeUrl, sleep, startMessage, type RawClient } from '../../harness/realtimeClients.js';

const KEEP_ALIVE_MS = 250;
const INIT_TIMEOUT_MS = 800;
const UNAUTHORIZED = { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 };

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({
    env: { REALTIME_KEEP_ALIVE_MS: String(KEEP_ALIVE_MS), REALTIME_INIT_TIMEOUT_MS: String(INIT_TIMEOUT_MS) },
  });
});

afterAll(async () => {
  await server?.stop();
});

async function connected(): Promise<RawClient> {
  const client = await rawClient(server, server.apiKey);
  client.send({ type: 'connection_init' });
  await client.next((m) => m.type === 'connection_ack');
  return client;
}

const store = (): string => `store-${randomUUID().slice(0, 8)}`;

describe('handshake and connection', () => {
  it('answers the upgrade at /graphql/realtime with Sec-WebSocket-Protocol: graphql-ws', async () => {
    const client = await rawClient(server, server.apiKey);
    expect(client.ws.protocol).toBe('graphql-ws');
    client.close();
  });

  it('connection_init → connection_ack with connectionTimeoutMs, then ka messages well inside it', async () => {
    const client = await rawClient(server, server.apiKey);
    await sleep(KEEP_ALIVE_MS * 2);
    expect(client.messages).toEqual([]); // no ka before the ack
    client.send({ type: 'connection_init' });
    expect(await client.next((m) => m.type === 'connection_ack')).toEqual({
      type: 'connection_ack',
      payload: { connectionTimeoutMs: 300000 },
    });
    expect(await client.next((m) => m.type === 'ka', KEEP_ALIVE_MS * 4)).toEqual({ type: 'ka' });
    client.close();
  });

  it('accepts the older auth placement: ?header=<base64 JSON>&payload=e30= with only the graphql-ws subprotocol', async () => {
    const query = `?header=${encodeURIComponent(authHeader(server, server.apiKey, 'base64'))}&payload=e30=`;
    const client = await rawClient(server, null, { protocols: ['graphql-ws'], query });
    client.send({ type: 'connection_init' });
    expect((await client.next((m) => m.type !== 'ka')).type).toBe('connection_ack');
    client.close();
  });

  it('a wrong or missing key is answered in the protocol: connection_error UnauthorizedException 401, then close', async () => {
    for (const client of [await rawClient(server, 'wrong-key'), await rawClient(server, null)]) {
      expect(client.ws.protocol).toBe('graphql-ws'); // the upgrade itself succeeds: no HTTP 401
      client.send({ type: 'connection_init' });
      expect(await client.next(() => true)).toEqual({ type: 'connection_error', payload: { errors: [UNAUTHORIZED] } });
      expect((await client.closed).code).toBe(1000);
    }
  });

  it('a start on an unauthorized connection gets error UnauthorizedException for its id', async () => {
    const client = await rawClient(server, 'wrong-key');
    client.send(startMessage(server, 'x', server.apiKey, ON_CREATE_ORDER, { store_id: 's' }));
    expect(await client.next(() => true)).toEqual({ type: 'error', id: 'x', payload: { errors: [UNAUTHORIZED] } });
    client.close();
  });

  it('answers an upgrade without the graphql-ws subprotocol in the protocol (SubProtocolNotSupportedError), other paths 404', async () => {
    // AppSync opens the socket, sends connection_error and closes (graphql-dotnet/graphql-client#591).
    const ws = new WebSocket(realtimeUrl(server), [`header-${authHeader(server, server.apiKey)}`]);
    const first = await new Promise<unknown>((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString())));
      ws.once('error', reject);
    });
    expect(first).toEqual({ type: 'connection_error', payload: { errors: [{ message: 'SubProtocolNotSupportedError', errorCode: 400 }] } });
    await new Promise((resolve) => ws.once('close', resolve));
    const status = await new Promise<number>((resolve, reject) => {
      const other = new WebSocket(realtimeUrl(server).replace('/realtime', '/elsewhere'), ['graphql-ws']);
      other.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      other.on('open', () => reject(new Error('opened')));
      other.on('error', () => undefined);
    });
    expect(status).toBe(404);
  });

  it('closes a connection that sends neither connection_init nor start in time (4408)', async () => {
    const client = await rawClient(server, server.apiKey);
    const closed = await client.closed;
    expect(closed.code).toBe(4408);
  });
});

describe('subscriptions', () => {
  it('start → start_ack, data {payload: {data}} with exactly the selected fields, stop → complete, then nothing', async () => {
    const s = store();
    const client = await connected();
    client.send(
      startMessage(
        server,
        'sub-1',
        server.apiKey,
        'subscription S($s: String!) { onCreateOrder(store_id: $s) { order_id total: grand_total __typename } }',
        { s },
      ),
    );
    expect(await client.next((m) => m.id === 'sub-1')).toEqual({ type: 'start_ack', id: 'sub-1' });
    await createOrder(server, { store_id: s, order_id: 'o1', user_id: 'u1', grand_total: 12.5 });
    expect(await client.next((m) => m.type === 'data')).toEqual({
      type: 'data',
      id: 'sub-1',
      payload: { data: { onCreateOrder: { order_id: 'o1', total: 12.5, __typename: 'Order' } } },
    });
    client.send({ type: 'stop', id: 'sub-1' });
    expect(await client.next((m) => m.type === 'complete')).toEqual({ type: 'complete', id: 'sub-1' });
    await createOrder(server, { store_id: s, order_id: 'o2', user_id: 'u1', grand_total: 1 });
    await sleep(300);
    expect(client.messages.filter((m) => m.type === 'data')).toHaveLength(1);
    client.close();
  });

  it('start without connection_init works too (connection_init is optional in AppSync’s protocol)', async () => {
    const client = await rawClient(server, server.apiKey);
    client.send(startMessage(server, 'early', server.apiKey, ON_CREATE_ORDER, { store_id: store() }));
    expect(await client.next(() => true)).toEqual({ type: 'start_ack', id: 'early' });
    client.close();
  });

  it('checks the key again on start: a wrong one gets error UnauthorizedException, the connection stays usable', async () => {
    const client = await connected();
    client.send(startMessage(server, 'bad', 'wrong-key', ON_CREATE_ORDER, { store_id: 's' }));
    expect(await client.next((m) => m.id === 'bad')).toEqual({ type: 'error', id: 'bad', payload: { errors: [UNAUTHORIZED] } });
    client.send({ type: 'start', id: 'none', payload: { data: JSON.stringify({ query: ON_CREATE_ORDER, variables: { store_id: 's' } }) } });
    expect(await client.next((m) => m.id === 'none')).toEqual({ type: 'error', id: 'none', payload: { errors: [UNAUTHORIZED] } });
    client.send(startMessage(server, 'good', server.apiKey, ON_CREATE_ORDER, { store_id: 's' }));
    expect(await client.next((m) => m.id === 'good')).toEqual({ type: 'start_ack', id: 'good' });
    client.close();
  });

  it('the resolver’s ValidationError comes back as an error for that id, in AppSync’s error shape', async () => {
    const client = await connected();
    client.send(startMessage(server, 'v', server.apiKey, ON_CREATE_ORDER, { store_id: 'a#b' }));
    expect(await client.next((m) => m.id === 'v')).toEqual({
      type: 'error',
      id: 'v',
      payload: {
        errors: [
          {
            message: "store_id must not contain '#'",
            errorType: 'ValidationError',
            data: null,
            errorInfo: null,
            path: ['onCreateOrder'],
            // onCreateOrder's place in definitions/operations/onCreateOrder.graphql as printed (ON_CREATE_ORDER).
            locations: [{ line: 2, column: 3, sourceName: null }],
          },
        ],
      },
    });
    client.send(startMessage(server, 'u', server.apiKey, ON_CREATE_ORDER, { store_id: 's', user_id: '' }));
    const empty = await client.next((m) => m.id === 'u');
    expect(empty.payload.errors[0]).toMatchObject({ errorType: 'ValidationError', message: expect.stringContaining('user_id') });
    client.close();
  });

  it('GraphQL problems: unknown field, missing variable, query/mutation operations, duplicate id', async () => {
    const client = await connected();
    client.send(startMessage(server, 'f', server.apiKey, 'subscription { onNothing { order_id } }'));
    const unknown = await client.next((m) => m.id === 'f');
    // GraphQL's own errors come as `{message}` alone (aws-amplify/amplify-swift#1589, aws-amplify/amplify-cli#7427).
    expect(unknown).toEqual({
      type: 'error',
      id: 'f',
      payload: {
        errors: [
          { message: "Validation error of type FieldUndefined: Field 'onNothing' in type 'Subscription' is undefined @ 'onNothing'" },
        ],
      },
    });

    client.send(startMessage(server, 'var', server.apiKey, ON_CREATE_ORDER, {}));
    const missing = await client.next((m) => m.id === 'var');
    expect(missing.payload).toEqual({ errors: [{ message: "Variable 'store_id' has coerced Null value for NonNull type 'String!'" }] });

    client.send(startMessage(server, 'q', server.apiKey, '{ __typename }'));
    expect(await client.next((m) => m.id === 'q')).toEqual({
      type: 'error',
      id: 'q',
      payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'query not supported through the realtime channel' }] },
    });

    client.send(startMessage(server, 'dup', server.apiKey, ON_CREATE_ORDER, { store_id: 's' }));
    await client.next((m) => m.id === 'dup' && m.type === 'start_ack');
    client.send(startMessage(server, 'dup', server.apiKey, ON_CREATE_ORDER, { store_id: 's' }));
    expect(await client.next((m) => m.id === 'dup' && m.type === 'error')).toEqual({
      type: 'error',
      id: 'dup',
      payload: { errors: [{ errorType: 'DuplicatedOperationError', message: 'Duplicated operation with id dup' }] },
    });
    client.close();
  });

  it('malformed messages get an error and leave the connection open', async () => {
    const client = await connected();
    client.send('not json');
    expect(await client.next((m) => m.type === 'error')).toEqual({
      type: 'error',
      payload: { errors: [{ errorType: 'BadRequestException', message: 'The message is not valid JSON', errorCode: 400 }] },
    });
    // AppSync's answer to a foreign frame names no operation and no id (enisdenjo/graphql-ws#602).
    client.send({ type: 'subscribe', id: 'x' });
    expect(await client.next((m) => m.type === 'error' && m.payload.errors[0].errorType === 'UnsupportedOperation')).toEqual({
      type: 'error',
      payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'unknown not supported through the realtime channel' }] },
    });
    client.send(startMessage(server, 'still-open', server.apiKey, ON_CREATE_ORDER, { store_id: 's' }));
    expect((await client.next((m) => m.id === 'still-open')).type).toBe('start_ack');
    client.close();
  });

  it('several subscriptions on one connection each get their events under their own id', async () => {
    const [a, b] = [store(), store()];
    const client = await connected();
    client.send(startMessage(server, 'a', server.apiKey, ON_CREATE_ORDER, { store_id: a }));
    client.send(startMessage(server, 'a-u2', server.apiKey, ON_CREATE_ORDER, { store_id: a, user_id: 'u2' }));
    client.send(startMessage(server, 'b', server.apiKey, ON_CREATE_ORDER, { store_id: b }));
    for (const id of ['a', 'a-u2', 'b']) await client.next((m) => m.id === id && m.type === 'start_ack');
    await createOrder(server, { store_id: a, order_id: 'o1', user_id: 'u1', grand_total: 1 });
    await createOrder(server, { store_id: b, order_id: 'o1', user_id: 'u2', grand_total: 2 });
    await createOrder(server, { store_id: a, order_id: 'o2', user_id: 'u2', grand_total: 3 });
    await sleep(400);
    const data = client.messages
      .filter((m) => m.type === 'data')
      .map((m) => `${m.id}:${m.payload.data.onCreateOrder.store_id === a ? 'A' : 'B'}/${m.payload.data.onCreateOrder.order_id}`);
    expect(data).toEqual(['a:A/o1', 'b:B/o1', 'a:A/o2', 'a-u2:A/o2']);
    client.close();
  });

  it('a stalled peer (reads nothing, answers no ping) is dropped after two keep-alive periods', async () => {
    const client = await connected();
    const socket = (client.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause();
    await sleep(KEEP_ALIVE_MS * 4);
    socket.resume();
    const closed = await Promise.race([client.closed, sleep(3_000).then(() => null)]);
    expect(closed?.code).toBe(1006); // terminated: no close frame
  });
});

describe('shutdown', () => {
  it('SIGTERM closes open real-time connections with 1001 and the server exits promptly', async () => {
    const own = await startLocalServer({ launcher: 'start' });
    const client = await rawClient(own, own.apiKey);
    client.send({ type: 'connection_init' });
    await client.next((m) => m.type === 'connection_ack');
    client.send(startMessage(own, 'x', own.apiKey, ON_CREATE_ORDER, { store_id: 's' }));
    await client.next((m) => m.id === 'x');
    const t0 = Date.now();
    const [code, closed] = await Promise.all([own.stop('SIGTERM'), client.closed]);
    expect(code).toBe(0);
    expect(closed).toEqual({ code: 1001, reason: 'Server shutting down' });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

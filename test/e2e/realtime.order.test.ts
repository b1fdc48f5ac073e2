/**
 * The order of real-time messages. AppSync's protocol makes connection_init optional: "(Optional)
 * After successfully establishing the WebSocket connection, the client sends a connection_init
 * message. If connection_init is sent, the client waits for a connection_ack"
 * (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html, steps 2–3).
 * So a `start` first is served, as AppSync serves it — but only on a connection whose handshake
 * was authorized, and the subscription then behaves exactly like one started after the ack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { ON_CREATE_ORDER, rawClient, startMessage } from '../../harness/realtimeClients.js';

const KEEP_ALIVE_MS = 250;
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({ env: { REALTIME_KEEP_ALIVE_MS: String(KEEP_ALIVE_MS) } });
});
afterAll(async () => {
  await server?.stop();
});

describe('start before connection_init', () => {
  it('is acknowledged, delivers events and keeps the connection alive, as after connection_init', async () => {
    const client = await rawClient(server, server.apiKey);
    client.send(startMessage(server, 'first', server.apiKey, ON_CREATE_ORDER, { store_id: 'order-s' }));
    expect(await client.next(() => true)).toEqual({ type: 'start_ack', id: 'first' });
    await createOrder(server, { store_id: 'order-s', order_id: 'o1', user_id: 'u', grand_total: 1 });
    const data = await client.next((m) => m.type === 'data');
    expect(data).toMatchObject({ id: 'first', payload: { data: { onCreateOrder: { order_id: 'o1' } } } });
    expect(await client.next((m) => m.type === 'ka', KEEP_ALIVE_MS * 4)).toEqual({ type: 'ka' });
    // A late connection_init is still acknowledged, and the subscription keeps running.
    client.send({ type: 'connection_init' });
    expect((await client.next((m) => m.type === 'connection_ack')).payload).toEqual({ connectionTimeoutMs: 300000 });
    client.close();
  });

  it('is refused with UnauthorizedException on a connection whose handshake carried a wrong key, and nothing is delivered', async () => {
    const client = await rawClient(server, 'wrong-key');
    client.send(startMessage(server, 'sneak', server.apiKey, ON_CREATE_ORDER, { store_id: 'order-x' }));
    expect(await client.next(() => true)).toEqual({
      type: 'error',
      id: 'sneak',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
    });
    await createOrder(server, { store_id: 'order-x', order_id: 'o1', user_id: 'u', grand_total: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.messages.filter((m) => m.type === 'data')).toEqual([]);
    client.close();
  });
});

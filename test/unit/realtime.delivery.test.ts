/**
 * Delivery without sockets: the subscription resolver bundle run at subscribe time, the fan-out
 * off the mutation path and in order, and the slow-consumer rule on a fake WebSocket.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { listResolvers } from '../../definitions/resolverWiring.js';
import { apiKeyCaller } from '../../local/appsync/caller.js';
import { noneDataSource } from '../../local/appsync/dataSources/none.js';
import { Executor, type BoundResolver } from '../../local/appsync/executor.js';
import { loadResolverFile } from '../../local/appsync/runtime/loadResolver.js';
import { loadSchemas } from '../../local/appsync/schema.js';
import { RealtimeConnection } from '../../local/realtime/connection.js';
import { Publisher } from '../../local/realtime/delivery.js';
import type { ServerMessage } from '../../local/realtime/messages.js';
import { DEFAULT_REALTIME_OPTIONS } from '../../local/realtime/options.js';
import { SubscriptionRegistry, type Subscription } from '../../local/realtime/registry.js';
import { SubscriptionPreparer } from '../../local/realtime/subscribe.js';

const schemas = loadSchemas();
const subscriptionResolvers: BoundResolver[] = listResolvers()
  .filter((w) => w.typeName === 'Subscription')
  .map((w) => ({
    typeName: w.typeName,
    fieldName: w.fieldName,
    resolver: loadResolverFile(bundlePathOf(w.name), w.name),
    dataSource: noneDataSource,
  }));
const executor = new Executor(schemas, subscriptionResolvers);
const preparer = new SubscriptionPreparer(executor, subscriptionResolvers);
const QUERY = 'subscription S($s: String!, $u: String) { onCreateOrder(store_id: $s, user_id: $u) { order_id user_id } }';

describe('SubscriptionPreparer with resolvers/Subscription.onCreateOrder.none.ts', () => {
  it('turns the arguments into AppSync’s filter: store only, or store and user', async () => {
    const byStore = await preparer.prepare({ query: QUERY, variables: { s: 's1' } }, apiKeyCaller({}));
    expect(byStore).toMatchObject({
      subscription: {
        fieldName: 'onCreateOrder',
        mutations: ['createOrder'],
        filter: { filterGroup: [{ filters: [{ fieldName: 'store_id', operator: 'eq', value: 's1' }] }] },
      },
    });
    const byUser = await preparer.prepare({ query: QUERY, variables: { s: 's1', u: 'u1' } }, apiKeyCaller({}));
    expect(byUser).toMatchObject({
      subscription: {
        filter: {
          filterGroup: [
            {
              filters: [
                { fieldName: 'store_id', operator: 'eq', value: 's1' },
                { fieldName: 'user_id', operator: 'eq', value: 'u1' },
              ],
            },
          ],
        },
      },
    });
  });

  it('returns the resolver’s ValidationError', async () => {
    const outcome = await preparer.prepare({ query: QUERY, variables: { s: 'x'.repeat(101) } }, apiKeyCaller({}));
    expect(outcome).toMatchObject({
      errors: [{ errorType: 'ValidationError', path: ['onCreateOrder'], message: expect.stringContaining('at most 100') }],
    });
  });
});

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  sent: ServerMessage[] = [];
  terminated = false;
  send(text: string): void {
    this.sent.push(JSON.parse(text) as ServerMessage);
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
  close(): void {
    this.terminate();
  }
  ping(): void {}
}

function connection(socket: FakeSocket, registry = new SubscriptionRegistry()): RealtimeConnection {
  const req = { headers: {}, url: '/graphql/realtime' } as unknown as IncomingMessage;
  return new RealtimeConnection(socket as never, req, {
    authorize: async (_auth, headers) => apiKeyCaller(headers),
    options: { ...DEFAULT_REALTIME_OPTIONS, maxBufferedBytes: 1000 },
    registry,
    prepare: (request, caller) => preparer.prepare(request, caller),
    onClose: () => undefined,
  });
}

describe('backpressure', () => {
  it('sends while the peer keeps up; drops the connection once its unsent bytes pass the limit', () => {
    const socket = new FakeSocket();
    const c = connection(socket);
    c.send({ type: 'ka' });
    expect(socket.sent).toEqual([{ type: 'ka' }]);
    socket.bufferedAmount = 5000;
    c.send({ type: 'ka' });
    expect(socket.terminated).toBe(true);
    expect(socket.sent).toHaveLength(1);
    c.send({ type: 'ka' }); // closed: a no-op
    expect(socket.sent).toHaveLength(1);
  });

  it('a peer that answered no ping since the last tick is terminated', () => {
    const socket = new FakeSocket();
    const c = connection(socket);
    c.tick();
    expect(socket.terminated).toBe(false);
    c.tick();
    expect(socket.terminated).toBe(true);
  });
});

describe('Publisher', () => {
  const sub = (id: string, store: string, received: string[]): Subscription => ({
    id,
    subscriber: { send: (m) => received.push(`${id}:${m.type === 'data' ? JSON.stringify(m.payload.data) : m.type}`) },
    fieldName: 'onCreateOrder',
    mutations: ['createOrder'],
    document: executor.parseAndValidate(QUERY) as import('graphql').DocumentNode,
    operationName: undefined,
    variables: { s: store },
    filter: { filterGroup: [{ filters: [{ fieldName: 'store_id', operator: 'eq', value: store }] }] },
    renderKey: `k-${store}`,
    active: true,
  });

  it('does nothing during the mutation; delivers later, in order, matching subscribers only, the selected fields only', async () => {
    const registry = new SubscriptionRegistry();
    const publisher = new Publisher(registry, schemas);
    const received: string[] = [];
    registry.add(sub('a', 's1', received));
    registry.add(sub('b', 's2', received));
    const caller = { authType: 'API_KEY' as const, identity: null, headers: {} };
    publisher.listener({ fieldName: 'createOrder', payload: { store_id: 's1', order_id: 'o1', user_id: 'u1', grand_total: 1 }, caller });
    publisher.listener({ fieldName: 'createOrder', payload: { store_id: 's1', order_id: 'o2', user_id: 'u2', grand_total: 1 }, caller });
    publisher.listener({ fieldName: 'otherMutation', payload: { store_id: 's1' }, caller });
    expect(received).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual([
      'a:{"onCreateOrder":{"order_id":"o1","user_id":"u1"}}',
      'a:{"onCreateOrder":{"order_id":"o2","user_id":"u2"}}',
    ]);
    expect(publisher.idle).toBe(true);
  });

  it('fans out a large audience across event-loop turns, and skips subscriptions stopped meanwhile', async () => {
    const registry = new SubscriptionRegistry();
    const publisher = new Publisher(registry, schemas);
    const received: string[] = [];
    const subs = Array.from({ length: 600 }, (_, i) => sub(`s${i}`, 's1', received));
    for (const s of subs) registry.add(s);
    publisher.listener({
      fieldName: 'createOrder',
      payload: { store_id: 's1', order_id: 'o1', user_id: 'u1' },
      caller: { authType: 'API_KEY', identity: null, headers: {} },
    });
    registry.remove(subs[599]!);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(599);
    while (!publisher.idle) await new Promise((resolve) => setImmediate(resolve));
    expect(received).toHaveLength(599);
  });
});

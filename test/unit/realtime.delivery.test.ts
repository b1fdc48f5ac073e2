/**
 * Delivery without sockets: the subscription resolver bundle run at subscribe time, the fan-out
 * off the mutation path and in order, filters on fields' values (never on a key named after
 * another field), and the slow-consumer rule on a fake WebSocket.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { listResolvers } from '../../definitions/resolverWiring.js';
import { apiKeyCaller } from '../../local/engine/caller.js';
import { noneDataSource } from '../../local/engine/dataSources/none.js';
import { Executor, type BoundResolver } from '../../local/engine/executor.js';
import { loadResolverFile } from '../../local/engine/runtime/loadResolver.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { RealtimeConnection } from '../../local/realtime/connection.js';
import { Publisher, type Overload } from '../../local/engine/realtime/delivery.js';
import type { ServerMessage } from '../../local/engine/realtime/messages.js';
import { DEFAULT_REALTIME_OPTIONS } from '../../local/realtime/options.js';
import { SubscriptionRegistry, type Subscription } from '../../local/engine/realtime/registry.js';
import { SubscriptionPreparer } from '../../local/engine/realtime/subscribe.js';

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
  closedWith: [number, string] | undefined;
  send(text: string): void {
    this.sent.push(JSON.parse(text) as ServerMessage);
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close');
  }
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 2;
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
  it('sends while the peer keeps up; sheds the connection once its unsent bytes pass the limit', async () => {
    const socket = new FakeSocket();
    const registry = new SubscriptionRegistry();
    const c = connection(socket, registry);
    c.send({ type: 'connection_init' } as never);
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'connection_init' })), false);
    // A start sent before connection_ack is ignored (AppSync's rule): send it once acknowledged.
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.emit(
      'message',
      Buffer.from(JSON.stringify({ id: 'a', type: 'start', payload: { data: JSON.stringify({ query: QUERY, variables: { s: 's1' } }) } })),
      false,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.sent.map((m) => m.type)).toEqual(['connection_init', 'connection_ack', 'start_ack']);
    expect(registry.size).toBe(1);
    socket.bufferedAmount = 5000;
    c.send({ type: 'ka' });
    // Shed: its subscription stops, the client is told per subscription, then a close frame; no ka.
    expect(registry.size).toBe(0);
    expect(socket.sent.slice(3)).toEqual([
      { type: 'error', id: 'a', payload: { errors: { errorType: 'LimitExceededError', message: expect.stringContaining('too slow') } } },
    ]);
    expect(socket.closedWith).toEqual([1013, 'Subscriber too slow']);
    c.send({ type: 'ka' }); // shed: a no-op
    expect(socket.sent).toHaveLength(4);
    // The socket is cut after the grace period even when the peer never answers the close.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(socket.terminated).toBe(true);
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

/** Bounds that never trigger, and an overload that must not be called. */
const NO_LIMITS = { maxPendingEvents: 1e9, maxPendingDeliveries: 1e9 };
const NO_OVERLOAD: Overload = {
  shedSlowest: () => expect.unreachable('shedSlowest'),
  shedOwed: () => expect.unreachable('shedOwed'),
  afterSends: () => undefined,
};
const KEYS = new Map<string, string>();

describe('Publisher', () => {
  const sub = (id: string, store: string, received: string[]): Subscription => ({
    id,
    subscriber: {
      send: (m) => received.push(`${id}:${m.type}`),
      sendText: (text) => received.push(`${id}:${JSON.stringify((JSON.parse(text) as { payload: { data: unknown } }).payload.data)}`),
      shed: () => received.push(`${id}:shed`),
    },
    fieldName: 'onCreateOrder',
    mutations: ['createOrder'],
    document: (executor.parseAndValidate(QUERY) as { document: import('graphql').DocumentNode }).document,
    operationName: undefined,
    variables: { s: store },
    filter: { filterGroup: [{ filters: [{ fieldName: 'store_id', operator: 'eq', value: store }] }] },
    renderKey: `k-${store}`,
    active: true,
  });

  it('does nothing during the mutation; delivers later, in order, matching subscribers only, the selected fields only', async () => {
    const publisher = new Publisher(schemas, NO_LIMITS, NO_OVERLOAD);
    const { registry } = publisher;
    const received: string[] = [];
    registry.add(sub('a', 's1', received));
    registry.add(sub('b', 's2', received));
    const caller = { authType: 'API_KEY' as const, identity: null, headers: {} };
    publisher.listener({
      fieldName: 'createOrder',
      payload: { store_id: 's1', order_id: 'o1', user_id: 'u1', grand_total: 1 },
      keyFields: KEYS,
      caller,
    });
    publisher.listener({
      fieldName: 'createOrder',
      payload: { store_id: 's1', order_id: 'o2', user_id: 'u2', grand_total: 1 },
      keyFields: KEYS,
      caller,
    });
    publisher.listener({ fieldName: 'otherMutation', payload: { store_id: 's1' }, keyFields: KEYS, caller });
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
    const publisher = new Publisher(schemas, NO_LIMITS, NO_OVERLOAD);
    const { registry } = publisher;
    const received: string[] = [];
    const subs = Array.from({ length: 600 }, (_, i) => sub(`s${i}`, 's1', received));
    for (const s of subs) registry.add(s);
    publisher.listener({
      fieldName: 'createOrder',
      payload: { store_id: 's1', order_id: 'o1', user_id: 'u1' },
      keyFields: KEYS,
      caller: { authType: 'API_KEY', identity: null, headers: {} },
    });
    registry.remove(subs[599]!);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThan(599);
    while (!publisher.idle) await new Promise((resolve) => setImmediate(resolve));
    expect(received).toHaveLength(599);
  });

  it('a payload over 240 KB is not delivered (AppSync drops it silently, aws-appsync-community#33); the server says so on stderr', async () => {
    const publisher = new Publisher(schemas, NO_LIMITS, NO_OVERLOAD);
    const received: string[] = [];
    publisher.registry.add(sub('a', 's1', received));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const caller = { authType: 'API_KEY' as const, identity: null, headers: {} };
    const order = (user_id: string) => ({ store_id: 's1', order_id: 'o', user_id });
    publisher.listener({ fieldName: 'createOrder', payload: order('u'.repeat(241 * 1024)), keyFields: KEYS, caller });
    publisher.listener({ fieldName: 'createOrder', payload: order('u'.repeat(239 * 1024)), keyFields: KEYS, caller });
    while (!publisher.idle) await new Promise((resolve) => setImmediate(resolve));
    const warnings = warn.mock.calls.map((args) => String(args[0]));
    warn.mockRestore();
    expect(received).toHaveLength(1);
    expect(received[0]!.length).toBeGreaterThan(239 * 1024);
    expect(warnings).toEqual([expect.stringMatching(/over AppSync's 245760-byte subscription payload limit: not delivered/)]);
  });
});

describe('Publisher: filters, the count of deliveries waiting, and the event bound', () => {
  const caller = { authType: 'API_KEY' as const, identity: null, headers: {} };
  const subscriber = (log: string[], name: string) => ({
    send: () => undefined,
    sendText: (text: string) =>
      log.push(
        `${name}:${(JSON.parse(text) as { payload: { data: { onCreateOrder: { order_id: string } } } }).payload.data.onCreateOrder.order_id}`,
      ),
    shed: () => log.push(`${name}:shed`),
  });
  const byUser = (id: string, user: string, s: ReturnType<typeof subscriber>): Subscription => ({
    id,
    subscriber: s,
    fieldName: 'onCreateOrder',
    mutations: ['createOrder'],
    document: (executor.parseAndValidate(QUERY) as { document: import('graphql').DocumentNode }).document,
    operationName: undefined,
    variables: { s: 's1', u: user },
    filter: {
      filterGroup: [
        {
          filters: [
            { fieldName: 'store_id', operator: 'eq', value: 's1' },
            { fieldName: 'user_id', operator: 'eq', value: user },
          ],
        },
      ],
    },
    renderKey: `k-${user}`,
    active: true,
  });
  const drained = async (publisher: Publisher) => {
    while (!publisher.idle) await new Promise((resolve) => setImmediate(resolve));
  };

  it('filters read fields’ values: a key the client named after another field (user_id: order_id) is not user_id', async () => {
    const publisher = new Publisher(schemas, NO_LIMITS, NO_OVERLOAD);
    const log: string[] = [];
    publisher.registry.add(byUser('alice', 'alice', subscriber(log, 'alice')));
    const publish = (payload: Record<string, unknown>, keyFields: [string, string][]) =>
      publisher.listener({ fieldName: 'createOrder', payload, keyFields: new Map(keyFields), caller });
    // bob's order, order_id "alice", selected as `store_id order_id user_id: order_id`.
    publish({ store_id: 's1', order_id: 'alice', user_id: 'alice' }, [
      ['store_id', 'store_id'],
      ['order_id', 'order_id'],
      ['user_id', 'order_id'],
    ]);
    // alice's own order, with user_id also under another name: still hers.
    publish({ store_id: 's1', order_id: 'hers', user_id: 'alice', uid: 'alice' }, [
      ['store_id', 'store_id'],
      ['order_id', 'order_id'],
      ['user_id', 'user_id'],
      ['uid', 'user_id'],
    ]);
    await drained(publisher);
    expect(log).toEqual(['alice:hers']);
  });

  it('counts deliveries waiting exactly: per subscriber and event, minus what a stopped subscription was owed', async () => {
    const publisher = new Publisher(schemas, NO_LIMITS, NO_OVERLOAD);
    const log: string[] = [];
    const subs = ['u1', 'u2', 'u3'].map((u) => byUser(u, u, subscriber(log, u)));
    for (const s of subs) publisher.registry.add(s);
    const publish = (order: string) =>
      publisher.listener({
        fieldName: 'createOrder',
        payload: { store_id: 's1', order_id: order, user_id: 'u1' },
        keyFields: KEYS,
        caller,
      });
    publish('o1');
    publish('o2');
    expect(publisher.pendingDeliveries).toBe(6);
    // A subscription added now is owed nothing already published.
    const late = byUser('late', 'u1', subscriber(log, 'late'));
    publisher.registry.add(late);
    expect(publisher.pendingDeliveries).toBe(6);
    publish('o3');
    expect([publisher.pendingEvents, publisher.pendingDeliveries]).toEqual([3, 10]);
    publisher.registry.remove(subs[1]!);
    expect(publisher.pendingDeliveries).toBe(7);
    await drained(publisher);
    expect(publisher.pendingDeliveries).toBe(0);
    expect(log).toEqual(['u1:o1', 'u1:o2', 'u1:o3', 'late:o3']);
  });

  it('a full event queue drops its oldest event and sheds every subscriber still owed it (no one misses it unawares)', async () => {
    const shedOwed = vi.fn((subscribers: ReadonlySet<unknown>) => {
      for (const s of subscribers) (s as { shed(): void }).shed();
    });
    const publisher = new Publisher(
      schemas,
      { maxPendingEvents: 2, maxPendingDeliveries: 1e9 },
      { shedSlowest: () => expect.unreachable(), shedOwed, afterSends: () => undefined },
    );
    const log: string[] = [];
    const a = byUser('a', 'u1', subscriber(log, 'a'));
    publisher.registry.add(a);
    publisher.listener({ fieldName: 'createOrder', payload: { store_id: 's1', order_id: 'o1', user_id: 'u1' }, keyFields: KEYS, caller });
    const b = byUser('b', 'u1', subscriber(log, 'b'));
    publisher.registry.add(b);
    // shed() of these fakes stops their subscriptions, as a connection's does.
    a.subscriber.shed = () => (log.push('a:shed'), publisher.registry.remove(a));
    publisher.listener({ fieldName: 'createOrder', payload: { store_id: 's1', order_id: 'o2', user_id: 'u1' }, keyFields: KEYS, caller });
    publisher.listener({ fieldName: 'createOrder', payload: { store_id: 's1', order_id: 'o3', user_id: 'u1' }, keyFields: KEYS, caller });
    // o1 was dropped: only a was owed it, so only a is shed; b joined after o1.
    expect(shedOwed).toHaveBeenCalledTimes(1);
    expect(log).toEqual(['a:shed']);
    expect([publisher.pendingEvents, publisher.pendingDeliveries]).toEqual([2, 2]);
    await drained(publisher);
    expect(log).toEqual(['a:shed', 'b:o2', 'b:o3']);
    expect(publisher.pendingDeliveries).toBe(0);
  });
});

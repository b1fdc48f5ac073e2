/**
 * onCreateOrder with an unmodified official AppSync client: aws-amplify 6's GraphQL client
 * (`generateClient().graphql({query}).subscribe(...)`) against the local server. The only local
 * accommodation is the documented one: a global WebSocket that dials ws:// on loopback.
 */
import { randomUUID } from 'node:crypto';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { Hub } from 'aws-amplify/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateOrderMutation } from '../../harness/generated/operations.js';
import { createOrder, startLocalServer, type LocalServer, type OrderInput } from '../../harness/localServer.js';
import { LoopbackWebSocket, ON_CREATE_ORDER, rawClient, sleep, startMessage } from '../../harness/realtimeClients.js';

type Order = CreateOrderMutation['createOrder'];
type Event = { data: { onCreateOrder: Order } };

let server: LocalServer;
let previousWebSocket: unknown;
/** Start acks seen on Hub's 'api' channel, by query+variables: how a test knows a subscription is live. */
const acks = new Map<string, number>();
const ackWaiters: { key: string; resolve: () => void }[] = [];

const keyOf = (variables: Record<string, unknown>): string => JSON.stringify(variables);

beforeAll(async () => {
  previousWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;
  (globalThis as { WebSocket?: unknown }).WebSocket = LoopbackWebSocket;
  server = await startLocalServer({ env: { REALTIME_KEEP_ALIVE_MS: '300' } });
  Amplify.configure({
    API: { GraphQL: { endpoint: server.graphqlUrl, region: 'us-east-1', defaultAuthMode: 'apiKey', apiKey: server.apiKey } },
  });
  Hub.listen('api', ({ payload }) => {
    if (payload.event !== 'Subscription ack') return;
    const key = keyOf((payload.data as { variables: Record<string, unknown> }).variables);
    const waiter = ackWaiters.find((w) => w.key === key);
    if (waiter) {
      ackWaiters.splice(ackWaiters.indexOf(waiter), 1);
      waiter.resolve();
    } else acks.set(key, (acks.get(key) ?? 0) + 1);
  });
});

afterAll(async () => {
  await server?.stop();
  (globalThis as { WebSocket?: unknown }).WebSocket = previousWebSocket;
});

/** What these tests use of a generated client (its full type is too deep for tsc to compare). */
type GraphQLClient = { graphql(options: { query: string; variables: Record<string, unknown> }): unknown };
const newClient = (options?: Parameters<typeof generateClient>[0]): GraphQLClient => generateClient(options) as unknown as GraphQLClient;

interface Subscriber {
  events: Order[];
  errors: unknown[];
  unsubscribe(): void;
}

/** Subscribes with aws-amplify and resolves once AppSync (here: the local server) acknowledged it. */
async function subscribe(variables: { store_id: string; user_id?: string }, client: GraphQLClient = newClient()): Promise<Subscriber> {
  const key = keyOf(variables);
  const acked = new Promise<void>((resolve) => {
    const early = acks.get(key) ?? 0;
    if (early > 0) {
      acks.set(key, early - 1);
      resolve();
    } else ackWaiters.push({ key, resolve });
  });
  const events: Order[] = [];
  const errors: unknown[] = [];
  const observable = client.graphql({ query: ON_CREATE_ORDER, variables }) as unknown as {
    subscribe(o: { next(v: Event): void; error(e: unknown): void }): { unsubscribe(): void };
  };
  const subscription = observable.subscribe({ next: (v) => events.push(v.data.onCreateOrder), error: (e) => errors.push(e) });
  await Promise.race([acked, sleep(10_000).then(() => Promise.reject(new Error(`no start_ack for ${key}: ${JSON.stringify(errors)}`)))]);
  return { events, errors, unsubscribe: () => subscription.unsubscribe() };
}

const store = (): string => `store-${randomUUID().slice(0, 8)}`;
let orderCounter = 0;
const order = (store_id: string, user_id: string, grand_total = 10): OrderInput => ({
  store_id,
  order_id: `o${(orderCounter += 1)}`,
  user_id,
  grand_total,
});

async function create(input: OrderInput): Promise<Order> {
  const res = await createOrder(server, input);
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  return (res.body.data as { createOrder: Order }).createOrder;
}

/** Waits until `done()` holds (or the time is up), then a little longer so extra events would show. */
async function settle(done: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await sleep(20);
  await sleep(300);
}

describe('onCreateOrder with aws-amplify 6.22', () => {
  it('delivers the created order, exactly as createOrder returned it, to a subscriber of its store', async () => {
    const s = store();
    const sub = await subscribe({ store_id: s });
    const created = await create(order(s, 'user1', 110));
    await settle(() => sub.events.length >= 1);
    expect(sub.events).toEqual([created]);
    expect(sub.errors).toEqual([]);
    sub.unsubscribe();
  });

  it('filters by store: each subscriber gets only its own store’s orders', async () => {
    const [a, b] = [store(), store()];
    const subA = await subscribe({ store_id: a });
    const subB = await subscribe({ store_id: b });
    const a1 = await create(order(a, 'u1'));
    const b1 = await create(order(b, 'u1'));
    const a2 = await create(order(a, 'u2'));
    await settle(() => subA.events.length >= 2 && subB.events.length >= 1);
    expect(subA.events).toEqual([a1, a2]);
    expect(subB.events).toEqual([b1]);
    subA.unsubscribe();
    subB.unsubscribe();
  });

  it('filters by store and user: only that user’s orders at that store (user1 is not user10)', async () => {
    const [s, other] = [store(), store()];
    const sub = await subscribe({ store_id: s, user_id: 'user1' });
    const wanted = await create(order(s, 'user1'));
    await create(order(s, 'user10'));
    await create(order(s, 'user2'));
    await create(order(other, 'user1'));
    const wanted2 = await create(order(s, 'user1', 0));
    await settle(() => sub.events.length >= 2);
    expect(sub.events).toEqual([wanted, wanted2]);
    sub.unsubscribe();
  });

  it('several subscribers (same and different clients) each receive every matching event exactly once', async () => {
    const s = store();
    const subs = [
      await subscribe({ store_id: s }),
      await subscribe({ store_id: s }),
      await subscribe({ store_id: s }, newClient()),
      await subscribe({ store_id: s, user_id: 'u1' }),
    ];
    const created: Order[] = [];
    for (let i = 0; i < 5; i += 1) created.push(await create(order(s, i % 2 === 0 ? 'u1' : 'u2')));
    await settle(() => subs.slice(0, 3).every((x) => x.events.length >= 5) && subs[3]!.events.length >= 3);
    for (const sub of subs.slice(0, 3)) expect(sub.events).toEqual(created);
    expect(subs[3]!.events).toEqual(created.filter((o) => o.user_id === 'u1'));
    for (const sub of subs) sub.unsubscribe();
  });

  it('a failed createOrder (duplicate, invalid) notifies nobody', async () => {
    const s = store();
    const sub = await subscribe({ store_id: s });
    const first = order(s, 'u1');
    const created = await create(first);
    const duplicate = await createOrder(server, { ...first, user_id: 'u2' });
    expect(duplicate.body.errors?.[0]?.errorType).toBe('DynamoDB:ConditionalCheckFailedException');
    const invalid = await createOrder(server, { ...order(s, 'u1'), grand_total: -1 });
    expect(invalid.body.errors?.[0]?.errorType).toBe('ValidationError');
    await settle(() => sub.events.length >= 1);
    expect(sub.events).toEqual([created]);
    sub.unsubscribe();
  });

  it('unsubscribe sends stop: no more events for it, while a subscriber still listening gets them', async () => {
    const s = store();
    const leaving = await subscribe({ store_id: s });
    const staying = await subscribe({ store_id: s });
    const first = await create(order(s, 'u1'));
    await settle(() => leaving.events.length >= 1 && staying.events.length >= 1);
    leaving.unsubscribe();
    await sleep(300);
    const second = await create(order(s, 'u1'));
    await settle(() => staying.events.length >= 2);
    expect(leaving.events).toEqual([first]);
    expect(staying.events).toEqual([first, second]);
    staying.unsubscribe();
  });

  it('a wrong API key is refused in the protocol: the subscriber’s error callback gets UnauthorizedException', async () => {
    // Another endpoint spelling of the same server, so aws-amplify opens a new connection with the bad key.
    const endpoint = server.graphqlUrl.replace('127.0.0.1', 'localhost');
    const client = newClient({ endpoint, authMode: 'apiKey', apiKey: 'not-the-key' });
    const errors: unknown[] = [];
    const events: unknown[] = [];
    const observable = client.graphql({ query: ON_CREATE_ORDER, variables: { store_id: store() } }) as unknown as {
      subscribe(o: { next(v: unknown): void; error(e: unknown): void }): { unsubscribe(): void };
    };
    const sub = observable.subscribe({ next: (v) => events.push(v), error: (e) => errors.push(e) });
    await settle(() => errors.length > 0, 10_000);
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
    // aws-amplify's wording for a connection_error carrying UnauthorizedException (errorCode 401): not retried.
    expect((errors[0] as { errors: { message: string }[] }).errors[0]!.message).toBe('Connection failed: UnauthorizedException');
    sub.unsubscribe();
  });

  it('an invalid argument is refused at subscribe time with the resolver’s ValidationError', async () => {
    const errors: unknown[] = [];
    const observable = newClient().graphql({ query: ON_CREATE_ORDER, variables: { store_id: 'a#b' } }) as unknown as {
      subscribe(o: { next(v: unknown): void; error(e: unknown): void }): { unsubscribe(): void };
    };
    const sub = observable.subscribe({ next: () => undefined, error: (e) => errors.push(e) });
    await settle(() => errors.length > 0);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('ValidationError');
    expect(JSON.stringify(errors[0])).toContain("store_id must not contain '#'");
    sub.unsubscribe();
  });

  it('an order created through the REST shim (POST /new-order) is delivered too', async () => {
    const s = store();
    const sub = await subscribe({ store_id: s });
    const body = { store_id: s, order_id: 'rest-1', user_id: 'u1', grand_total: 110 };
    const res = await fetch(`${server.url}/new-order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ statusCode: 201, body: { message: 'Order rest-1 submitted successfully' } });
    await settle(() => sub.events.length >= 1);
    expect(sub.events).toHaveLength(1);
    expect(sub.events[0]).toMatchObject(body);
    expect(sub.events[0]!.timestamp).toMatch(/^u1#\d+$/);
    sub.unsubscribe();
  });

  it('a client that stops reading, and one that vanishes, do not hold up mutations or other subscribers', async () => {
    const s = store();
    // Baseline latency with no subscribers at this store.
    const time = async (input: OrderInput): Promise<number> => {
      const t0 = performance.now();
      await create(input);
      return performance.now() - t0;
    };
    const baseline: number[] = [];
    for (let i = 0; i < 10; i += 1) baseline.push(await time(order(`${s}-base`, 'u1')));

    const stalled = await rawClient(server, server.apiKey);
    stalled.send({ type: 'connection_init' });
    await stalled.next((m) => m.type === 'connection_ack');
    stalled.send(startMessage(server, 'slow', server.apiKey, ON_CREATE_ORDER, { store_id: s }));
    await stalled.next((m) => m.type === 'start_ack');
    const socket = (stalled.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause(); // reads nothing from now on: no data, no pongs

    const vanished = await rawClient(server, server.apiKey);
    vanished.send(startMessage(server, 'gone', server.apiKey, ON_CREATE_ORDER, { store_id: s }));
    await vanished.next((m) => m.type === 'start_ack');
    (vanished.ws as unknown as { _socket: import('node:net').Socket })._socket.destroy();

    const healthy = await subscribe({ store_id: s });
    const latencies: number[] = [];
    const created: Order[] = [];
    for (let i = 0; i < 30; i += 1) {
      const t0 = performance.now();
      created.push(await create(order(s, 'u1')));
      latencies.push(performance.now() - t0);
    }
    await settle(() => healthy.events.length >= 30);
    expect(healthy.events).toEqual(created);
    const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    // Generous bounds (two shared cores): the point is "not blocked", not a benchmark.
    expect(median(latencies)).toBeLessThan(median(baseline) * 3 + 50);
    expect(Math.max(...latencies)).toBeLessThan(2_000);

    // The stalled peer missed its pongs: the server has dropped it (seen once it reads again).
    await sleep(1_200);
    socket.resume();
    const closed = await Promise.race([stalled.closed, sleep(5_000).then(() => null)]);
    expect(closed?.code).toBe(1006);
    healthy.unsubscribe();
  });
});

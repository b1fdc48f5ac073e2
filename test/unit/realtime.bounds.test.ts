/**
 * Issue 24, defect 6: the real-time fan-out holds a bounded amount whatever its subscribers do.
 * A real HTTP + WebSocket server in this process (the same routes `npm start` serves: /graphql and
 * /graphql/realtime), the deployed createOrder and onCreateOrder bundles, and real `ws` clients that
 * stop reading once subscribed. The counts come from the delivery module (realtime.stats()).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { noneDataSource } from '../../local/engine/dataSources/none.js';
import type { DataSource } from '../../local/engine/dataSources/dataSource.js';
import { Executor, type BoundResolver } from '../../local/engine/executor.js';
import { graphqlRoute } from '../../local/graphql/graphqlRoute.js';
import { loadResolverFile } from '../../local/engine/runtime/loadResolver.js';
import { loadSchemas } from '../../local/apiSchema.js';
import type { AuthModes } from '../../local/auth/selectCaller.js';
import { DEFAULT_REALTIME_OPTIONS, type RealtimeOptions } from '../../local/realtime/options.js';
import { createRealtimeServer, type RealtimeServer, type RealtimeStats } from '../../local/realtime/realtimeServer.js';
import { createHttpServer } from '../../local/http/server.js';
import { ON_CREATE_ORDER, rawClient, sleep, startMessage, type RawClient } from '../../harness/realtimeClients.js';

const API_KEY = 'bounds-test-key';
const CREATE =
  'mutation M($input: CreateOrderInput!) { createOrder(input: $input) { store_id order_id user_id grand_total timestamp created_at } }';

/** The table's PutItem answered with the item it was given: the fan-out is what is measured here. */
const echoTable: DataSource = {
  async invoke(request) {
    const { key, attributeValues } = request as {
      key: Record<string, { S: string }>;
      attributeValues: Record<string, { S?: string; N?: number }>;
    };
    return {
      result: Object.fromEntries(Object.entries({ ...key, ...attributeValues }).map(([k, v]) => [k, 'S' in v ? v.S : Number(v.N)])),
    };
  },
};

interface Harness {
  executor: Executor;
  realtime: RealtimeServer;
  http: Server;
  graphqlUrl: string;
}

let harness: Harness | undefined;
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await harness?.realtime.close();
  await new Promise((resolve) => harness?.http.close(resolve) ?? resolve(undefined));
  harness = undefined;
  vi.restoreAllMocks();
});

async function start(options: Partial<RealtimeOptions>): Promise<Harness> {
  const bind = (typeName: string, fieldName: string, dataSource: DataSource): BoundResolver => ({
    typeName,
    fieldName,
    resolver: loadResolverFile(
      bundlePathOf(`${typeName}.${fieldName}${dataSource === noneDataSource ? '.none' : ''}`),
      `${typeName}.${fieldName}`,
    ),
    dataSource,
  });
  const resolvers = [bind('Mutation', 'createOrder', echoTable), bind('Subscription', 'onCreateOrder', noneDataSource)];
  const executor = new Executor(loadSchemas(), resolvers);
  const authModes = { apiKey: API_KEY } as AuthModes;
  const realtime = createRealtimeServer({ executor, authModes, resolvers, options: { ...DEFAULT_REALTIME_OPTIONS, ...options } });
  const http = createHttpServer([graphqlRoute(executor, authModes)], [realtime.route]);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const graphqlUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  harness = { executor, realtime, http, graphqlUrl };
  return harness;
}

/** A connection with `count` subscriptions to every order of `store`; `reading: false` stops reading once they are acknowledged. */
async function subscriber(h: Harness, store: string, count: number, reading: boolean): Promise<RawClient> {
  const client = await rawClient(h, API_KEY);
  clients.push(client);
  client.send({ type: 'connection_init' });
  await client.next((m) => m.type === 'connection_ack');
  for (let i = 0; i < count; i += 1) client.send(startMessage(h, `s${i}`, API_KEY, ON_CREATE_ORDER, { store_id: store }));
  await client.next((m) => m.type === 'start_ack' && m.id === `s${count - 1}`);
  if (!reading) (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return client;
}

const order = (store: string, i: number) => ({ store_id: store, order_id: `o${i}`, user_id: `u${i % 7}`, grand_total: i });

async function postOrder(h: Harness, store: string, i: number): Promise<{ ms: number; ok: boolean }> {
  const started = performance.now();
  const res = await fetch(h.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ query: CREATE, variables: { input: order(store, i) } }),
  });
  const body = (await res.json()) as { data?: { createOrder?: unknown } };
  return { ms: performance.now() - started, ok: Boolean(body.data?.createOrder) };
}

const closedByServer = (client: RawClient) => Promise.race([client.closed.then(() => true), sleep(3_000).then(() => false)]);

describe('the fan-out under subscribers that never read', () => {
  it('stays within its global bounds, sheds the non-readers (not the reader), keeps serving /graphql, and holds nothing once they are gone', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const limits = {
      maxQueuedBytes: 512 * 1024,
      maxBufferedBytes: 64 * 1024 * 1024,
      maxPendingDeliveries: 10_000_000,
      maxPendingEvents: 2_000,
    };
    const h = await start(limits);
    const reader = await subscriber(h, 'flood', 1, true);
    const stalled = await Promise.all(Array.from({ length: 6 }, () => subscriber(h, 'flood', 100, false)));
    expect(h.realtime.stats()).toMatchObject({ connections: 7, subscriptions: 601 });

    const peaks: RealtimeStats = { connections: 0, subscriptions: 0, pendingEvents: 0, pendingDeliveries: 0, queuedBytes: 0, shed: 0 };
    const sample = () => {
      const now = h.realtime.stats();
      for (const key of Object.keys(peaks) as (keyof RealtimeStats)[]) peaks[key] = Math.max(peaks[key], now[key]);
    };
    const sampler = setInterval(sample, 5);
    const latencies: number[] = [];
    const ORDERS = 1_500;
    // In-process mutations as fast as the executor takes them, and one client on /graphql throughout.
    let probing = true;
    const probe = (async () => {
      for (let i = 0; probing; i += 1) {
        const { ms, ok } = await postOrder(h, 'probe', i);
        expect(ok).toBe(true);
        latencies.push(ms);
        await sleep(20);
      }
    })();
    for (let i = 0; i < ORDERS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          h.executor.execute(
            { query: CREATE, variables: { input: order('flood', i + j) } },
            { authType: 'API_KEY', identity: null, headers: {} },
          ),
        ),
      );
      sample();
      await sleep(1);
    }
    while (h.realtime.stats().pendingEvents > 0) await sleep(20);
    // Reading again, they find what was sent before the cut, then the end of the connection.
    for (const c of stalled) (c.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const shedAll = await Promise.all(stalled.map(closedByServer));
    probing = false;
    await probe;
    clearInterval(sampler);

    // Shed: every connection that stopped reading; the reader is untouched and got every order, in order.
    expect(shedAll).toEqual(stalled.map(() => true));
    expect(h.realtime.stats().shed).toBe(6);
    while (reader.messages.filter((m) => m.type === 'data').length < ORDERS) await sleep(20);
    const received = reader.messages.filter((m) => m.type === 'data').map((m) => m.payload.data.onCreateOrder.order_id);
    expect(received).toEqual(Array.from({ length: ORDERS }, (_, i) => `o${i}`));
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
    // Within the bounds at every sample (the bytes checked after each fan-out turn).
    expect(peaks.pendingDeliveries).toBeLessThanOrEqual(limits.maxPendingDeliveries);
    expect(peaks.pendingEvents).toBeLessThanOrEqual(limits.maxPendingEvents);
    expect(peaks.queuedBytes).toBeLessThanOrEqual(limits.maxQueuedBytes);
    expect(peaks.queuedBytes).toBeGreaterThan(0);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^real-time: \d+ bytes unsent passed the bound of 524288; shed \d+ connections?, slowest first/),
    );
    // /graphql answered throughout.
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(2_000);

    reader.close();
    await reader.closed;
    await sleep(50);
    expect(h.realtime.stats()).toEqual({
      connections: 0,
      subscriptions: 0,
      pendingEvents: 0,
      pendingDeliveries: 0,
      queuedBytes: 0,
      shed: 6,
    });
  }, 60_000);

  it('past the bound on deliveries waiting, the connections owed the most are shed first, with the protocol’s error', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const h = await start({ maxPendingDeliveries: 2_000 });
    const small = await subscriber(h, 'burst', 1, true);
    const big = await Promise.all(Array.from({ length: 4 }, () => subscriber(h, 'burst', 25, true)));
    // 40 mutations before the fan-out's first turn: 40 × 101 deliveries owed.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        h.executor.execute(
          { query: CREATE, variables: { input: order('burst', i) } },
          { authType: 'API_KEY', identity: null, headers: {} },
        ),
      ),
    );
    const stats = h.realtime.stats();
    await sleep(300);
    expect(stats.pendingDeliveries).toBeLessThanOrEqual(2_000);
    expect(stats.shed).toBeGreaterThan(0);
    expect(stats.shed).toBeLessThan(5);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^real-time: \d+ deliveries waiting passed their bound; shed \d+ connections?/),
    );
    // The shed ones are told, per subscription, then closed with 1013; the one owed least keeps going.
    const shed = big.filter((c) => c.messages.some((m) => m.type === 'error'));
    expect(shed).toHaveLength(stats.shed);
    for (const c of shed) {
      const errors = await c.next((m) => m.type === 'error' && m.id === 's24');
      expect(errors.payload.errors).toMatchObject({ errorType: 'LimitExceededError' });
      expect((await c.closed).code).toBe(1013);
    }
    while (small.messages.filter((m) => m.type === 'data').length < 40) await sleep(20);
    expect(small.messages.some((m) => m.type === 'error')).toBe(false);
    expect(h.realtime.stats()).toMatchObject({ pendingEvents: 0, pendingDeliveries: 0 });
  });
});

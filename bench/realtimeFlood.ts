/**
 * `npx tsx bench/realtimeFlood.ts`: issue 24's real-time flood, measured (numbers, not pass/fail).
 * CONNECTIONS WebSocket connections with the public API key, each with SUBSCRIPTIONS
 * `onCreateOrder(store_id: "flood")` subscriptions (so every order goes to every subscription),
 * that stop reading once subscribed (READING of them keep reading); then ORDERS createOrder calls,
 * WRITERS at a time. Prints the server's RSS and V8 heap (read through the inspector) before,
 * at peak, once the orders are done, right after every client closed, AFTER_MS later, and after a
 * forced GC; the createOrder latency during the flood; how the server ended the connections (the
 * clients read again before that is counted). `subscribed` is measured after a GC: what the
 * subscriptions themselves hold.
 *
 * Settings (environment): CONNECTIONS (200), SUBSCRIPTIONS (100), ORDERS (2000), WRITERS (8),
 * READING (0), HOLD_MS (10000: how long the clients stay after the last order), AFTER_MS (60000).
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { createOrder, startLocalServer, type LocalServer, type ServerProcess } from '../harness/localServer.js';
import { authHeader, ON_CREATE_ORDER, realtimeUrl, startMessage } from '../harness/realtimeClients.js';
import { percentile, runLoad } from './stats.js';

const setting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const CONNECTIONS = setting('CONNECTIONS', 200);
const SUBSCRIPTIONS = setting('SUBSCRIPTIONS', 100);
const ORDERS = setting('ORDERS', 2000);
const WRITERS = setting('WRITERS', 8);
const READING = setting('READING', 0);
const HOLD_MS = setting('HOLD_MS', 10_000);
const AFTER_MS = setting('AFTER_MS', 60_000);
const STORE = 'flood';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

/** The server's own view of its memory, through the inspector (the server runs with --inspect). */
class Inspector {
  private nextId = 0;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.waiting.get(message.id)?.(message.result);
    });
  }

  static async connect(server: ServerProcess): Promise<Inspector> {
    const url = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1];
    if (!url) throw new Error(`no inspector URL in the server's output:\n${server.output()}`);
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Inspector(ws);
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = (this.nextId += 1);
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async memory(): Promise<{ heapUsedMb: number; externalMb: number; arrayBuffersMb: number }> {
    const result = (await this.call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    const usage = JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    return { heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external), arrayBuffersMb: mb(usage.arrayBuffers) };
  }

  async gc(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
  }

  close(): void {
    this.ws.close();
  }
}

interface Client {
  ws: WebSocket;
  data: number;
  errors: string[];
  closedBy: string | undefined;
}

/** One connection: connection_init, SUBSCRIPTIONS starts, resolved once every start is acknowledged. */
async function subscribe(server: LocalServer, index: number): Promise<Client> {
  const ws = new WebSocket(realtimeUrl(server), ['graphql-ws', `header-${authHeader(server, server.apiKey)}`]);
  const client: Client = { ws, data: 0, errors: [], closedBy: undefined };
  let acks = 0;
  const acknowledged = new Promise<void>((resolve, reject) => {
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: { errors?: { errorType?: string }[] } };
      if (message.type === 'connection_ack') {
        for (let s = 0; s < SUBSCRIPTIONS; s += 1)
          ws.send(JSON.stringify(startMessage(server, `c${index}s${s}`, server.apiKey, ON_CREATE_ORDER, { store_id: STORE })));
      } else if (message.type === 'start_ack' && (acks += 1) === SUBSCRIPTIONS) resolve();
      else if (message.type === 'data') client.data += 1;
      else if (message.type === 'error' || message.type === 'connection_error') {
        client.errors.push(message.payload?.errors?.[0]?.errorType ?? message.type);
        if (acks < SUBSCRIPTIONS) reject(new Error(`subscribing failed: ${raw.toString()}`));
      }
    });
    ws.once('error', reject);
  });
  ws.once('close', (code, reason) => (client.closedBy ??= `server ${code} ${reason.toString()}`.trim()));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await acknowledged;
  return client;
}

const server = await startLocalServer({ launcher: 'tsx', env: { NODE_OPTIONS: '--inspect=127.0.0.1:0' } });
const pid = server.process.pid!;
const inspector = await Inspector.connect(server);
const figures: Record<string, unknown> = {
  parameters: { CONNECTIONS, SUBSCRIPTIONS, ORDERS, WRITERS, READING, HOLD_MS, AFTER_MS },
};
const snapshot = async (label: string): Promise<void> => {
  figures[label] = { rssMb: rssMb(pid), ...(await inspector.memory()) };
  console.error(label, JSON.stringify(figures[label]));
};
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 100);
try {
  await createOrder(server, { store_id: 'warm', order_id: 'w0', user_id: 'u', grand_total: 1 });
  await inspector.gc();
  await snapshot('idle');

  const started = performance.now();
  const clients: Client[] = [];
  for (let i = 0; i < CONNECTIONS; i += 20) {
    const batch = Array.from({ length: Math.min(20, CONNECTIONS - i) }, (_, j) => subscribe(server, i + j));
    clients.push(...(await Promise.all(batch)));
  }
  figures.subscribeSeconds = Math.round((performance.now() - started) / 100) / 10;
  // The readers keep reading; everyone else stops (the socket is no longer read: TCP fills up).
  for (const client of clients.slice(READING)) (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  await inspector.gc();
  await snapshot('subscribed');

  const orders = await runLoad(ORDERS, WRITERS, async (i) => {
    const { body } = await createOrder(server, { store_id: STORE, order_id: `o${i}`, user_id: `u${i % 10}`, grand_total: i });
    return Boolean(body.data?.createOrder);
  });
  figures.orders = {
    perSecond: Math.round(orders.perSecond),
    p50Ms: Math.round(orders.p50Ms),
    p99Ms: Math.round(orders.p99Ms),
    failures: orders.failures,
  };
  await snapshot('ordersDone');

  // While the fan-out goes on: is /graphql still answering?
  const probes: number[] = [];
  const holdUntil = Date.now() + HOLD_MS;
  while (Date.now() < holdUntil) {
    const t = performance.now();
    await createOrder(server, { store_id: 'probe', order_id: `p${probes.length}`, user_id: 'u', grand_total: 1 });
    probes.push(performance.now() - t);
    await sleep(200);
  }
  probes.sort((a, b) => a - b);
  figures.probesDuringHold = { count: probes.length, p50Ms: Math.round(percentile(probes, 50)), maxMs: Math.round(probes.at(-1) ?? NaN) };
  await snapshot('held');
  figures.peakRssMb = peakRss;

  // Reading again, a shed client finds what was sent before its cut, then the end of its connection.
  for (const client of clients.slice(READING)) (client.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  await sleep(2_000);

  const closedByServer = clients.filter((c) => c.closedBy !== undefined);
  const errorTypes: Record<string, number> = {};
  for (const c of clients) for (const e of c.errors) errorTypes[e] = (errorTypes[e] ?? 0) + 1;
  const reasons: Record<string, number> = {};
  for (const c of closedByServer) reasons[c.closedBy!] = (reasons[c.closedBy!] ?? 0) + 1;
  figures.clients = {
    closedByServer: closedByServer.length,
    closeReasons: reasons,
    errorFrames: errorTypes,
    dataReceivedByReaders: clients.slice(0, READING).reduce((n, c) => n + c.data, 0),
  };

  for (const client of clients) client.ws.terminate();
  await sleep(1_000);
  await snapshot('closed');
  await sleep(AFTER_MS);
  await snapshot('closedPlusAfterMs');
  await inspector.gc();
  await snapshot('afterGc');
  const warnings = server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('real-time:'));
  const shed = (line: string): number =>
    Number(/shed (\d+) connection/.exec(line)?.[1] ?? (line.includes('shedding a connection') ? 1 : 0));
  figures.serverWarnings = {
    count: warnings.length,
    connectionsShed: warnings.reduce((n, line) => n + shed(line), 0),
    first: warnings.slice(0, 3),
  };
} finally {
  clearInterval(sampler);
  inspector.close();
  await server.stop();
}
console.log(JSON.stringify(figures, null, 2));

/**
 * Stores the fault tests can break on purpose: a dynalite the test owns (stop it, start it again on
 * the same port with the same data), and a TCP proxy in front of a store that can delay or stall
 * every byte.
 */
import dynalite from 'dynalite';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './dynamodbLocal.js';

export interface OwnedStore {
  endpoint: string;
  port: number;
  path: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A dynalite persisted in a temp folder on a fixed port: stop() and start() keep the data. */
export async function ownedDynalite(): Promise<OwnedStore> {
  const port = await freePort();
  const path = mkdtempSync(join(tmpdir(), 'orders-fault-store-'));
  let server: HttpServer | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    path,
    async start() {
      const s = dynalite({ path, createTableMs: 0 }) as HttpServer;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
      server = s;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}

export interface SlowProxy {
  endpoint: string;
  /** Milliseconds added before each chunk is passed on, both ways. */
  delayMs: number;
  /** While true, nothing is passed on at all (connections are accepted and held). */
  stalled: boolean;
  close(): Promise<void>;
}

export async function slowProxy(target: { port: number }): Promise<SlowProxy> {
  const sockets = new Set<Socket>();
  const state = { delayMs: 0, stalled: false };
  const pipeSlowly = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (state.stalled) return;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, state.delayMs);
    });
    from.on('close', () => setTimeout(() => to.destroy(), state.delayMs));
    from.on('error', () => to.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = new (client.constructor as typeof Socket)();
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    upstream.connect(target.port, '127.0.0.1');
    pipeSlowly(client, upstream);
    pipeSlowly(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get stalled() {
      return state.stalled;
    },
    set stalled(value: boolean) {
      state.stalled = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

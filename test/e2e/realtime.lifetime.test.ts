/**
 * The real-time connection's own bounds, as AppSync's are: a connection lasts at most
 * REALTIME_MAX_CONNECTION_MS (AppSync: 24 hours, its real-time documentation), then the server
 * closes it (1001, the code is inferred); a frame the client sends may be larger than the 240 KB
 * that bounds a subscription payload (AppSync's monitoring page names that limit "Subscription
 * payload size": it is about what subscribers receive, not what clients send).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { rawClient } from '../../harness/realtimeClients.js';
import { DEFAULT_REALTIME_OPTIONS } from '../../local/realtime/options.js';

const LIFETIME_MS = 1_500;

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({ env: { REALTIME_MAX_CONNECTION_MS: String(LIFETIME_MS) } });
});

afterAll(async () => {
  await server?.stop();
});

describe('real-time connection bounds', () => {
  it('defaults are AppSync’s: ka every 60 s (aws-mobile-appsync-sdk-android#368), connections of at most 24 h', () => {
    expect(DEFAULT_REALTIME_OPTIONS.keepAliveMs).toBe(60_000);
    expect(DEFAULT_REALTIME_OPTIONS.maxConnectionMs).toBe(24 * 60 * 60 * 1000);
  });

  it('a connection is closed once it has lasted REALTIME_MAX_CONNECTION_MS', async () => {
    const opened = Date.now();
    const client = await rawClient(server, server.apiKey);
    client.send({ type: 'connection_init' });
    await client.next((m) => m.type === 'connection_ack');
    const closed = await Promise.race([
      client.closed,
      new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), LIFETIME_MS + 3_000)),
    ]);
    expect(closed).toEqual({ code: 1001, reason: 'Connection duration limit reached' });
    expect(Date.now() - opened).toBeGreaterThanOrEqual(LIFETIME_MS - 50);
    client.close();
  });

  it('a 300 KB client frame is read (240 KB bounds subscription payloads, not client frames)', async () => {
    const client = await rawClient(server, server.apiKey);
    client.send({ type: 'connection_init', payload: { padding: 'x'.repeat(300 * 1024) } });
    const answer = await Promise.race([client.next((m) => m.type !== 'ka'), client.closed]);
    expect(answer).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
    client.close();
  });
});

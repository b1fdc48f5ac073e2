/**
 * Tunables of the real-time endpoint, from the environment. The defaults suit AppSync clients:
 * aws-amplify warns after 65 s without a `ka`, so one goes out every 30 s. The fan-out's global
 * bounds keep what a flood of subscribers can make the server hold to tens of megabytes and a few
 * seconds of work (docs/security.md, "Real-time fan-out").
 */
import { SettingsError } from '../config.js';

export interface RealtimeOptions {
  /** Interval of `ka` messages and of WebSocket pings; a peer that misses two pings is dropped. */
  keepAliveMs: number;
  /** A connection that sends neither `connection_init` nor `start` within this is closed. */
  initTimeoutMs: number;
  /** A subscriber whose unsent data exceeds this is too slow: its connection is shed. */
  maxBufferedBytes: number;
  /** Unsent data across all connections: past it the connections with the most are shed. */
  maxQueuedBytes: number;
  /** Events waiting for the fan-out: past it the oldest is dropped and every subscriber still owed it shed. */
  maxPendingEvents: number;
  /** Deliveries waiting ((event, subscription) pairs not yet visited): past it the slowest connections are shed. */
  maxPendingDeliveries: number;
  /** AppSync's default quota: 100 subscriptions per connection. */
  maxSubscriptionsPerConnection: number;
}

export const DEFAULT_REALTIME_OPTIONS: RealtimeOptions = {
  keepAliveMs: 30_000,
  initTimeoutMs: 30_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxQueuedBytes: 64 * 1024 * 1024,
  maxPendingEvents: 10_000,
  maxPendingDeliveries: 1_000_000,
  maxSubscriptionsPerConnection: 100,
};

export function readRealtimeOptions(env: NodeJS.ProcessEnv = process.env): RealtimeOptions {
  const read = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new SettingsError(`${name} must be an integer >= ${min}, got '${raw}'`);
    return value;
  };
  return {
    keepAliveMs: read('REALTIME_KEEP_ALIVE_MS', DEFAULT_REALTIME_OPTIONS.keepAliveMs, 50),
    initTimeoutMs: read('REALTIME_INIT_TIMEOUT_MS', DEFAULT_REALTIME_OPTIONS.initTimeoutMs, 50),
    maxBufferedBytes: read('REALTIME_MAX_BUFFERED_BYTES', DEFAULT_REALTIME_OPTIONS.maxBufferedBytes, 1024),
    maxQueuedBytes: read('REALTIME_MAX_QUEUED_BYTES', DEFAULT_REALTIME_OPTIONS.maxQueuedBytes, 1024),
    maxPendingEvents: read('REALTIME_MAX_PENDING_EVENTS', DEFAULT_REALTIME_OPTIONS.maxPendingEvents, 1),
    maxPendingDeliveries: read('REALTIME_MAX_PENDING_DELIVERIES', DEFAULT_REALTIME_OPTIONS.maxPendingDeliveries, 1),
    maxSubscriptionsPerConnection: DEFAULT_REALTIME_OPTIONS.maxSubscriptionsPerConnection,
  };
}

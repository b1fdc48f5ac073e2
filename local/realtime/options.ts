/**
 * Tunables of the real-time endpoint (read from the environment in local/config.ts). The defaults
 * are AppSync's: a `ka` every 60 s ("App sync pings every 60s: This is not changeable", an AppSync
 * engineer in awslabs/aws-mobile-appsync-sdk-android#368; aws-amplify warns after 65 s without
 * one) and connections of at most 24 hours (AppSync's real-time documentation). The fan-out's
 * global bounds keep what a flood of subscribers can make the server hold to tens of megabytes and
 * a few seconds of work (docs/security.md, "Real-time fan-out").
 */
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
  /** A connection is closed this long after it opened (AppSync: 24 hours). */
  maxConnectionMs: number;
}

export const DEFAULT_REALTIME_OPTIONS: RealtimeOptions = {
  keepAliveMs: 60_000,
  initTimeoutMs: 30_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxQueuedBytes: 64 * 1024 * 1024,
  maxPendingEvents: 10_000,
  maxPendingDeliveries: 1_000_000,
  maxSubscriptionsPerConnection: 100,
  maxConnectionMs: 24 * 60 * 60 * 1000,
};

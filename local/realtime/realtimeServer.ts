/**
 * The real-time endpoint: AppSync's WebSocket protocol at `/graphql/realtime` — the URL AppSync
 * clients derive from a custom GraphQL endpoint (`<endpoint>/realtime`, scheme `wss://`) — on the
 * same port as `/graphql`. Mutations reach it through `executor.onMutation`, whichever door they
 * came in by (GraphQL or the REST shims).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { BoundResolver, Executor } from '../engine/executor.js';
import type { UpgradeRoute } from '../http/router.js';
import type { AuthModes } from '../auth/selectCaller.js';
import { authorize, SUBPROTOCOL, selectSubprotocol } from './auth.js';
import { RealtimeConnection } from './connection.js';
import { Publisher } from '../engine/realtime/delivery.js';
import { LoadShedder } from '../engine/realtime/loadShedder.js';
import type { RealtimeOptions } from './options.js';
import { SubscriptionPreparer } from '../engine/realtime/subscribe.js';
import { connectionError, serialize, subProtocolNotSupported } from '../engine/realtime/messages.js';

export const REALTIME_PATH = '/graphql/realtime';
/**
 * The largest frame a client may send (a local bound, the HTTP body's 1 MB). AppSync's 240 KB is
 * a limit on the subscription payload it sends (its monitoring page, "Subscription payload
 * size"), applied in engine/realtime/delivery.ts; it publishes no limit on client frames.
 */
const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;
/** How long shutdown waits for clients to answer the close frame. */
const CLOSE_GRACE_MS = 1_000;

export interface RealtimeServer {
  route: UpgradeRoute;
  /** What the endpoint holds now (for tests and diagnostics). */
  stats(): RealtimeStats;
  /** Closes every connection (1001) and stops listening to mutations. */
  close(): Promise<void>;
  /** Hot reload (local/dev): the resolvers new subscriptions run. */
  replaceResolvers(resolvers: readonly BoundResolver[]): void;
}

export interface RealtimeStats {
  connections: number;
  subscriptions: number;
  /** Events waiting for the fan-out. */
  pendingEvents: number;
  /** (event, subscription) pairs the fan-out still has to visit. */
  pendingDeliveries: number;
  /** Bytes written to sockets and not yet read, across the connections not being shed. */
  queuedBytes: number;
  /** Connections shed since the start (too slow, or the slowest when a global bound was passed). */
  shed: number;
}

export interface RealtimeServerProps {
  executor: Executor;
  /** The API key and the user pool the endpoint admits. */
  authModes: AuthModes;
  /** All bound resolvers; the Subscription ones run at subscribe time. */
  resolvers: readonly BoundResolver[];
  options: RealtimeOptions;
}

export function createRealtimeServer({ executor, authModes, resolvers, options }: RealtimeServerProps): RealtimeServer {
  const preparer = new SubscriptionPreparer(executor, resolvers);
  const connections = new Set<RealtimeConnection>();
  const shedder = new LoadShedder(connections, options);
  const publisher = new Publisher(executor.schemas, options, shedder);
  const { registry } = publisher;
  const stopListening = executor.onMutation(publisher.listener);
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    perMessageDeflate: false,
    handleProtocols: selectSubprotocol,
  });
  const ticker = setInterval(() => {
    for (const connection of connections) connection.tick();
    shedder.afterSends();
  }, options.keepAliveMs);
  ticker.unref();
  let closing = false;

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (closing) {
      const body = 'shutting down';
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(SUBPROTOCOL)) {
      // AppSync opens the socket, says why in the protocol, and closes (graphql-dotnet/graphql-client#591).
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.send(serialize(connectionError(subProtocolNotSupported())));
        ws.close(1002, 'SubProtocolNotSupportedError');
      });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new RealtimeConnection(ws, req, {
        authorize: (auth, headers, signed) => authorize(authModes, auth, headers, req.socket.remoteAddress, signed),
        options,
        registry,
        prepare: (request, caller) => preparer.prepare(request, caller),
        onClose: (c) => connections.delete(c),
      });
      connections.add(connection);
    });
  };

  return {
    route: { path: REALTIME_PATH, upgrade },
    stats: () => ({
      connections: connections.size,
      subscriptions: registry.size,
      pendingEvents: publisher.pendingEvents,
      pendingDeliveries: publisher.pendingDeliveries,
      queuedBytes: shedder.queuedBytes(),
      shed: shedder.shed,
    }),
    replaceResolvers: (next) => preparer.replaceResolvers(next),
    async close() {
      if (closing) return;
      closing = true;
      stopListening();
      clearInterval(ticker);
      const all = [...connections];
      for (const connection of all) connection.shutDown();
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const connection of connections) connection.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * TLS and plain HTTP on one port. Each new connection is told apart by its first byte: a TLS
 * connection opens with a handshake record (content type 22, 0x16, RFC 8446 5.1), which no HTTP
 * request line starts with. TLS connections go to an https server with the same request and
 * upgrade handlers, the rest to the plain server as before.
 *
 * Why one port: AppSync clients derive the real-time URL from the GraphQL endpoint, and aws-amplify
 * always dials `wss://` with the endpoint's host and port (design.md, "Real-time"). So with the
 * endpoint the ready line prints, `http://127.0.0.1:4000/graphql`, Amplify's queries go over http
 * and its subscriptions over `wss://127.0.0.1:4000/graphql/realtime` — the same port, now
 * answered — with no change to the app. Clients that use `ws://` or `http://` are unaffected.
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

const TLS_HANDSHAKE = 0x16;
/** A connection that sends nothing is closed: the plain server's header timeout starts only after it is handed over. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

export interface TlsMaterial {
  key: string;
  cert: string;
}

/** The TLS side of a port: close its connections with the plain server's. */
export interface TlsSide {
  closeAllConnections(): void;
}

/**
 * Makes `server` (not yet listening) answer TLS too, on its own port, with `tls`'s certificate,
 * through an https server with the same handlers that never listens itself.
 */
export function serveTlsOnSamePort(server: Server, tls: TlsMaterial): TlsSide {
  const secure: HttpsServer = createHttpsServer({
    key: tls.key,
    cert: tls.cert,
    minVersion: 'TLSv1.2',
    // A handshake that stalls or fails holds its connection this long at most (Node's default: 120 s).
    handshakeTimeout: FIRST_BYTE_TIMEOUT_MS,
    requestTimeout: server.requestTimeout,
    headersTimeout: server.headersTimeout,
  });
  for (const listener of server.listeners('request')) secure.on('request', listener as (...args: unknown[]) => void);
  for (const listener of server.listeners('upgrade')) secure.on('upgrade', listener as (...args: unknown[]) => void);
  // A failed handshake (an untrusted certificate, a port scan) concerns that connection only.
  secure.on('tlsClientError', (_error, socket) => socket.destroy());
  /** The TCP sockets under TLS connections: the plain server counts them, and waits for them at close. */
  const underTls = new Set<Socket>();
  const plain = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.setTimeout(0);
      // Paused with the byte put back: whichever server takes the socket reads it first.
      socket.pause();
      socket.unshift(chunk);
      if (chunk[0] === TLS_HANDSHAKE) {
        underTls.add(socket);
        socket.once('close', () => underTls.delete(socket));
        // The TLS socket reads what is buffered itself.
        return void secure.emit('connection', socket);
      }
      for (const listener of plain) listener.call(server, socket);
      // The HTTP parser waits for the stream to flow.
      socket.resume();
    });
  });
  return {
    closeAllConnections() {
      secure.closeAllConnections();
      for (const socket of underTls) socket.destroy();
    },
  };
}

/**
 * Real-time test clients. Node 20 has no global WebSocket, and AppSync clients only ever dial
 * `wss://`; `LoopbackWebSocket` is the documented local option: a `ws` WebSocket that dials
 * `ws://` instead when the host is this machine. `rawClient` speaks the protocol by hand.
 */
import { print } from 'graphql';
import WebSocket from 'ws';
import { OnCreateOrderDocument } from './generated/operations.js';
import type { LocalServer } from './localServer.js';

const LOOPBACK_WSS = /^wss:\/\/(127\.0\.0\.1|localhost|\[::1\])([:/])/;

export class LoopbackWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(String(url).replace(LOOPBACK_WSS, 'ws://$1$2'), protocols);
  }
}

/** `ws://host:port/graphql/realtime` of a local server. */
export function realtimeUrl(server: Pick<LocalServer, 'graphqlUrl'>): string {
  return `${server.graphqlUrl.replace(/^http/, 'ws')}/realtime`;
}

/** The `{host, x-amz-date, x-api-key}` header AppSync clients send, base64url without padding. */
export function authHeader(
  server: Pick<LocalServer, 'graphqlUrl'>,
  apiKey: string,
  encoding: 'base64url' | 'base64' = 'base64url',
): string {
  const header = { host: new URL(server.graphqlUrl).host, 'x-amz-date': '20240101T000000Z', 'x-api-key': apiKey };
  const encoded = Buffer.from(JSON.stringify(header)).toString(encoding);
  return encoding === 'base64url' ? encoded.replace(/=+$/, '') : encoded;
}

export type Message = Record<string, any> & { type: string };

export interface RawClient {
  ws: WebSocket;
  messages: Message[];
  send(message: unknown): void;
  /** Resolves with the first message (already received or to come) that `match` accepts. */
  next(match: (m: Message) => boolean, timeoutMs?: number): Promise<Message>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Connects with the subprotocols aws-amplify sends (`graphql-ws`, `header-…`), or with what `protocols` says. */
export async function rawClient(
  server: Pick<LocalServer, 'graphqlUrl'>,
  apiKey: string | null,
  options: { protocols?: string[]; query?: string } = {},
): Promise<RawClient> {
  const protocols = options.protocols ?? ['graphql-ws', ...(apiKey === null ? [] : [`header-${authHeader(server, apiKey)}`])];
  const ws = new WebSocket(`${realtimeUrl(server)}${options.query ?? ''}`, protocols);
  const messages: Message[] = [];
  const waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Message;
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.match(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next(match, timeoutMs = 15_000) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages)}`)),
          timeoutMs,
        );
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    closed,
    close: () => ws.close(),
  };
}

/** A `start` message as aws-amplify builds it: `data` is the JSON text of `{query, variables}`. */
export function startMessage(
  server: Pick<LocalServer, 'graphqlUrl'>,
  id: string,
  apiKey: string,
  query: string,
  variables: Record<string, unknown> = {},
): Message {
  return {
    id,
    type: 'start',
    payload: {
      data: JSON.stringify({ query, variables }),
      extensions: { authorization: { host: new URL(server.graphqlUrl).host, 'x-amz-date': '20240101T000000Z', 'x-api-key': apiKey } },
    },
  };
}

/** definitions/operations/onCreateOrder.graphql, as text: the protocol carries the query as a string. */
export const ON_CREATE_ORDER = print(OnCreateOrderDocument);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

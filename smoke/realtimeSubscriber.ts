/**
 * A subscriber on AppSync's real-time WebSocket protocol, written out as AppSync documents it
 * (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html): subprotocols
 * `graphql-ws` and `header-<base64url of {host, x-amz-date, x-api-key}>`, `connection_init` →
 * `connection_ack` (or `connection_error`), `start` (authorization again in `payload.extensions`) →
 * `start_ack` (or `error`), then `data` messages.
 */
import WebSocket from 'ws';
import type { SmokeTarget } from './target.js';

type Message = Record<string, any> & { type: string };

export interface Subscriber {
  /** Resolves with the first event payload (seen or to come) that `match` accepts; rejects after `timeoutMs`. */
  waitFor(match: (event: Record<string, any>) => boolean, timeoutMs: number): Promise<Record<string, any>>;
  close(): void;
}

interface Connection {
  ws: WebSocket;
  /** The first message (seen or to come) that `match` accepts. */
  next(match: (m: Message) => boolean, timeoutMs: number, what: string): Promise<Message>;
  /** Closes and waits for the close. */
  end(): Promise<void>;
}

const HANDSHAKE_TIMEOUT_MS = 15_000;

/** The real-time API-key authorization: the `header-…` subprotocol's JSON and a `start`'s `extensions.authorization`. */
export function apiKeyAuthorization(graphqlUrl: string, apiKey: string): Record<string, string> {
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return { host: new URL(graphqlUrl).host, 'x-amz-date': amzDate, 'x-api-key': apiKey };
}

/** Opens the WebSocket and sends `connection_init`; the answer is left to the caller. */
async function connect(target: SmokeTarget, apiKey: string): Promise<Connection> {
  const header = Buffer.from(JSON.stringify(apiKeyAuthorization(target.graphqlUrl, apiKey))).toString('base64url');
  const ws = new WebSocket(target.realtimeUrl, ['graphql-ws', `header-${header}`]);
  const messages: Message[] = [];
  const listeners = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as Message);
    for (const listener of [...listeners]) listener();
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'connection_init' }));

  const next = (match: (m: Message) => boolean, timeoutMs: number, what: string): Promise<Message> =>
    new Promise((resolve, reject) => {
      const seen = messages.find(match);
      if (seen) return resolve(seen);
      const finish = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
        ws.off('close', onClose);
      };
      const timer = setTimeout(
        () => (finish(), reject(new Error(`no ${what} in ${timeoutMs} ms; messages: ${JSON.stringify(messages)}`))),
        timeoutMs,
      );
      const onClose = (): void => (finish(), reject(new Error(`connection closed before ${what}; messages: ${JSON.stringify(messages)}`)));
      const listener = (): void => {
        const found = messages.find(match);
        if (found) (finish(), resolve(found));
      };
      listeners.add(listener);
      ws.once('close', onClose);
    });

  return {
    ws,
    next,
    async end() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
      await closed;
    },
  };
}

/** What AppSync answers `connection_init` with this key: the `connection_ack` or `connection_error` message. */
export async function connectionAnswer(target: SmokeTarget, apiKey: string): Promise<Message> {
  const connection = await connect(target, apiKey);
  try {
    return await connection.next(
      (m) => m.type === 'connection_ack' || m.type === 'connection_error',
      HANDSHAKE_TIMEOUT_MS,
      'connection answer',
    );
  } finally {
    await connection.end();
  }
}

/** Connects, starts one subscription and resolves once AppSync acknowledged it. */
export async function subscribe(
  target: SmokeTarget,
  query: string,
  variables: Record<string, unknown>,
  apiKey = target.apiKey,
): Promise<Subscriber> {
  const connection = await connect(target, apiKey);
  const id = 'smoke-1';
  try {
    const ack = await connection.next(
      (m) => m.type === 'connection_ack' || m.type === 'connection_error',
      HANDSHAKE_TIMEOUT_MS,
      'connection_ack',
    );
    if (ack.type === 'connection_error') throw new Error(`connection_error: ${JSON.stringify(ack.payload)}`);
    connection.ws.send(
      JSON.stringify({
        id,
        type: 'start',
        payload: {
          data: JSON.stringify({ query, variables }),
          extensions: { authorization: apiKeyAuthorization(target.graphqlUrl, apiKey) },
        },
      }),
    );
    const started = await connection.next(
      (m) => m.id === id && (m.type === 'start_ack' || m.type === 'error'),
      HANDSHAKE_TIMEOUT_MS,
      'start_ack',
    );
    if (started.type === 'error') throw new Error(`start refused: ${JSON.stringify(started.payload)}`);
  } catch (error) {
    await connection.end();
    throw error;
  }
  return {
    async waitFor(match, timeoutMs) {
      const message = await connection.next(
        (m) => m.id === id && m.type === 'data' && match(m.payload as Record<string, any>),
        timeoutMs,
        'matching data message',
      );
      return message.payload as Record<string, any>;
    },
    close() {
      void connection.end();
    },
  };
}

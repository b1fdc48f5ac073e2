/**
 * AppSync's real-time protocol messages (GraphQL over WebSocket, subprotocol `graphql-ws`), as
 * https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html describes
 * them. Server messages are built here and nowhere else; client messages are read here.
 */
import type { AppSyncErrorEntry } from '../runtime/errors.js';
import type { NullCompletionError } from '../nullCompletion.js';

/** AppSync tells clients to give up on a connection after this long without a `ka`. */
export const CONNECTION_TIMEOUT_MS = 300_000;

export const UNAUTHORIZED_MESSAGE = 'You are not authorized to make this call.';

/** An error entry of a real-time message: AppSync's `{errorType, message}`, sometimes more. */
export type RealtimeError = { errorType: string; message: string; errorCode?: number } | AppSyncErrorEntry;

/** An error of a `data` message: a field error, or AppSync's null-completion error (no errorType). */
export type DataError = AppSyncErrorEntry | NullCompletionError;

export type ServerMessage =
  | { type: 'connection_ack'; payload: { connectionTimeoutMs: number } }
  | { type: 'connection_error'; payload: { errors: RealtimeError[] } }
  | { type: 'ka' }
  | { type: 'start_ack'; id: string }
  | { type: 'data'; id: string; payload: { data: unknown; errors?: DataError[] } }
  | { type: 'complete'; id: string }
  | { type: 'error'; id?: string; payload: { errors: RealtimeError[] } };

export const connectionAck = (): ServerMessage => ({ type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
export const keepAlive = (): ServerMessage => ({ type: 'ka' });
export const startAck = (id: string): ServerMessage => ({ type: 'start_ack', id });
export const complete = (id: string): ServerMessage => ({ type: 'complete', id });
export const connectionError = (...errors: RealtimeError[]): ServerMessage => ({ type: 'connection_error', payload: { errors } });

export function dataMessage(id: string, payload: { data: unknown; errors?: DataError[] }): ServerMessage {
  return { type: 'data', id, payload };
}

/** `serialize(dataMessage(id, payload))` from the payload's JSON, which the fan-out writes once for many subscribers. */
export function dataMessageText(id: string, payloadJson: string): string {
  return `{"type":"data","id":${JSON.stringify(id)},"payload":${payloadJson}}`;
}

/** An `error` for one operation (`id`), or for the connection when the client sent no usable id. */
export function errorMessage(id: string | undefined, ...errors: RealtimeError[]): ServerMessage {
  return id === undefined ? { type: 'error', payload: { errors } } : { type: 'error', id, payload: { errors } };
}

/** What AppSync answers a bad or missing API key with, at connect (connection_error) and on start (error). */
export const unauthorized = (): RealtimeError => ({ errorType: 'UnauthorizedException', message: UNAUTHORIZED_MESSAGE, errorCode: 401 });

export const badRequest = (message: string): RealtimeError => ({ errorType: 'BadRequestException', message, errorCode: 400 });

/** AppSync's answer to an operation the real-time channel does not run (`query`, `mutation`, or none). */
export const unsupportedOperation = (operation: string): RealtimeError => ({
  errorType: 'UnsupportedOperation',
  message: `${operation} not supported through the realtime channel`,
});

export const duplicatedOperation = (id: string): RealtimeError => ({
  errorType: 'DuplicatedOperationError',
  message: `Duplicated operation with id ${id}`,
});

/**
 * A subscription the server dropped because its subscriber fell too far behind. The error type is
 * the one AppSync sends when it throttles a real-time client
 * (`{"type":"error","payload":{"errors":{"errorType":"LimitExceededError","message":"Rate limit exceeded"}}}`,
 * recorded in aws-amplify/aws-appsync-realtime-client-ios#67); sent per subscription id because
 * aws-amplify hands an `error` only to the subscription its id names. The message is local.
 */
export const subscriberTooSlow = (): RealtimeError => ({
  errorType: 'LimitExceededError',
  message: 'Subscriber too slow: the server dropped this subscription rather than hold more of its events',
});

export const maxSubscriptionsReached = (max: number): RealtimeError => ({
  errorType: 'MaxSubscriptionsReachedError',
  message: `Max number of ${max} subscriptions reached`,
});

/** A client message: its `type`, its `id` when it is a string, its `payload`. */
export interface ClientMessage {
  type: string;
  id: string | undefined;
  payload: unknown;
}

/** Reads one text frame; a string describing what is wrong when it is not a protocol message. */
export function parseClientMessage(text: string): ClientMessage | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'The message is not valid JSON';
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'The message must be a JSON object';
  const { type, id, payload } = raw as Record<string, unknown>;
  if (typeof type !== 'string') return "The message has no 'type'";
  return { type, id: typeof id === 'string' && id !== '' ? id : undefined, payload };
}

export function serialize(message: ServerMessage): string {
  return JSON.stringify(message);
}

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

/**
 * An error entry of a real-time message: AppSync's `{errorType, message}`, sometimes more; a
 * GraphQL-level error (validation, variables) is `{message}` alone, as AppSync sends it
 * (aws-amplify/amplify-swift#1589, aws-amplify/amplify-cli#7427); `SubProtocolNotSupportedError`
 * is `{message, errorCode}` (graphql-dotnet/graphql-client#591).
 */
export type RealtimeError =
  { errorType: string; message: string; errorCode?: number } | AppSyncErrorEntry | { message: string; errorCode?: number };

/** An error of a `data` message: a field error, or AppSync's null-completion error (no errorType). */
export type DataError = AppSyncErrorEntry | NullCompletionError;

export type ServerMessage =
  | { type: 'connection_ack'; payload: { connectionTimeoutMs: number } }
  | { type: 'connection_error'; payload: { errors: RealtimeError[] } }
  | { type: 'ka' }
  | { type: 'start_ack'; id: string }
  | { type: 'data'; id: string; payload: { data: unknown; errors?: DataError[] } }
  | { type: 'complete'; id: string }
  | { type: 'error'; id?: string; payload: { errors: RealtimeError[] | RealtimeError } };

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

/**
 * An `error` whose `errors` is one object, not a list: the shape AppSync sends for its limits, as
 * AWS's own iOS client records "the observed response from the service":
 * `{"id":…,"type":"error","payload":{"errors":{"errorType":"MaxSubscriptionsReachedError","message":"Max number of 100 subscriptions reached"}}}`
 * and `{"type":"error","payload":{"errors":{"errorType":"LimitExceededError","message":"Rate limit exceeded"}}}`
 * (aws-amplify/aws-appsync-realtime-client-ios, RealtimeConnectionProviderResponse.swift).
 */
export function limitErrorMessage(id: string | undefined, error: RealtimeError): ServerMessage {
  return id === undefined ? { type: 'error', payload: { errors: error } } : { type: 'error', id, payload: { errors: error } };
}

/** What AppSync answers a bad or missing API key with, at connect (connection_error) and on start (error). */
export const unauthorized = (): RealtimeError => ({ errorType: 'UnauthorizedException', message: UNAUTHORIZED_MESSAGE, errorCode: 401 });

export const badRequest = (message: string): RealtimeError => ({ errorType: 'BadRequestException', message, errorCode: 400 });

/**
 * AppSync's answer to an operation the real-time channel does not run (`query`, `mutation`), and
 * to a message it cannot read as one (`unknown`: a `subscribe` frame of the graphql-ws protocol, a
 * `start` without `payload.data`), recorded as
 * `{"type":"error","payload":{"errors":[{"errorType":"UnsupportedOperation","message":"unknown not supported through the realtime channel"}]}}`
 * with no `id` (enisdenjo/graphql-ws#602, artilleryio/artillery#1567).
 */
export const unsupportedOperation = (operation: string): RealtimeError => ({
  errorType: 'UnsupportedOperation',
  message: `${operation} not supported through the realtime channel`,
});

/**
 * The answer to an upgrade without the `graphql-ws` subprotocol: the socket opens, then
 * `{"payload":{"errors":[{"message":"SubProtocolNotSupportedError","errorCode":400}]},"type":"connection_error"}`
 * and the close (recorded in graphql-dotnet/graphql-client#591).
 */
export const subProtocolNotSupported = (): RealtimeError => ({ message: 'SubProtocolNotSupportedError', errorCode: 400 });

export const duplicatedOperation = (id: string): RealtimeError => ({
  errorType: 'DuplicatedOperationError',
  message: `Duplicated operation with id ${id}`,
});

/**
 * A subscription the server dropped because its subscriber fell too far behind. The error type and
 * shape (`errors` one object) are the ones AppSync sends when it throttles a real-time client
 * (`{"type":"error","payload":{"errors":{"errorType":"LimitExceededError","message":"Rate limit exceeded"}}}`,
 * recorded in aws-amplify/aws-appsync-realtime-client-ios#67); sent per subscription id because
 * aws-amplify hands an `error` only to the subscription its id names (AWS's iOS client reads a
 * LimitExceededError with an id as that subscription's and retries it later). The message is local.
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

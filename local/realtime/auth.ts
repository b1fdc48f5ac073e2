/**
 * API key auth of the real-time endpoint, where AppSync clients put it:
 * - at connect, in the `header-<base64url JSON>` subprotocol (aws-amplify 6), or in the
 *   `?header=<base64 JSON>&payload=e30=` query parameters (older clients and AppSync's docs);
 * - on every `start`, in `payload.extensions.authorization`.
 * The JSON is `{host, x-amz-date, x-api-key}` for an API key, `{host, Authorization}` for a
 * user-pool token (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html,
 * "Amazon Cognito user pools and OpenID Connect (OIDC) header"), and the headers of a SigV4-signed
 * request for IAM: `{accept, content-encoding, content-type, host, x-amz-date, Authorization}`
 * (same page, "IAM header"). What that signature covers is a request the client never sends: a
 * POST of `{}` to the GraphQL endpoint's path + `/connect` at connect, and a POST of the start
 * message's `payload.data` string to the GraphQL endpoint on `start` (as aws-amplify 6 signs them:
 * @aws-amplify/api-graphql, AWSWebSocketProvider/authHeaders.mjs). The mode is chosen and the key,
 * token or signature verified as on `/graphql` (local/auth/selectCaller.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Caller } from '../engine/caller.js';
import { selectCaller, type AuthModes, type AuthRefusal } from '../auth/selectCaller.js';
import { isJsonObject } from '../jsonObject.js';

export const SUBPROTOCOL = 'graphql-ws';
const HEADER_SUBPROTOCOL_PREFIX = 'header-';

/** Decodes base64 or base64url JSON into an object of header values; null when it is not one. */
export function decodeAuthHeader(encoded: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    return isJsonObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The auth headers of a WebSocket upgrade: the `header-…` subprotocol wins over `?header=`. */
export function connectAuthHeaders(req: IncomingMessage): Record<string, unknown> | null {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromSubprotocol = offered.find((p) => p.startsWith(HEADER_SUBPROTOCOL_PREFIX));
  if (fromSubprotocol) return decodeAuthHeader(fromSubprotocol.slice(HEADER_SUBPROTOCOL_PREFIX.length));
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('header');
  return query ? decodeAuthHeader(query) : null;
}

/**
 * The `graphql-ws` subprotocol is the one the server speaks; the `header-…` one only carries auth.
 * Without `graphql-ws` the socket still opens (to say SubProtocolNotSupportedError in the
 * protocol) with the first protocol offered, so a client that offered one accepts the handshake
 * (which one AppSync echoes then is not recorded: inferred).
 */
export function selectSubprotocol(protocols: Set<string>): string | false {
  if (protocols.has(SUBPROTOCOL)) return SUBPROTOCOL;
  const [first] = protocols;
  return first ?? false;
}

/** The GraphQL endpoint's path: SigV4 signatures name it (start) or it + `/connect` (connect). */
export const GRAPHQL_PATH = '/graphql';

/** What a real-time SigV4 signature covers besides the auth headers: the path and the body signed. */
export interface SignedPayload {
  path: string;
  body: string;
}

export const CONNECT_SIGNED: SignedPayload = { path: `${GRAPHQL_PATH}/connect`, body: '{}' };

/**
 * A user-pool or OIDC token in the real-time `Authorization` may carry the `Bearer` scheme: the
 * current real-time documentation allows it on this endpoint
 * (https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html), while
 * `/graphql` takes only the bare token (aws-appsync-community#198). A SigV4 value is left alone.
 */
function withoutBearer(headers: Record<string, string>): Record<string, string> {
  const value = headers.authorization;
  if (value === undefined || !/^Bearer\s+/i.test(value)) return headers;
  return { ...headers, authorization: value.replace(/^Bearer\s+/i, '') };
}

/** The caller these auth headers admit (API key, user-pool token or SigV4), or why not. `headers`: the resolver's `ctx.request.headers`. */
export function authorize(
  modes: AuthModes,
  auth: Record<string, unknown> | null,
  headers: Record<string, string>,
  sourceIp: string | undefined,
  signed: SignedPayload | undefined,
): Promise<Caller | AuthRefusal> {
  const parts = signed && { method: 'POST', path: signed.path, query: {}, body: signed.body };
  return selectCaller(modes, withoutBearer(stringHeaders(auth)), headers, sourceIp, parts);
}

/** A start message's `payload.extensions.authorization`, when it is an object. */
export function startAuthHeaders(payload: unknown): Record<string, unknown> | null {
  const extensions = isJsonObject(payload) ? payload.extensions : undefined;
  const authorization = isJsonObject(extensions) ? extensions.authorization : undefined;
  return isJsonObject(authorization) ? authorization : null;
}

/** Header values as strings, for the resolver's `ctx.request.headers`. */
export function stringHeaders(headers: Record<string, unknown> | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (typeof value === 'string') out[name.toLowerCase()] = value;
  return out;
}

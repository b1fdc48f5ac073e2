/** The two ways the smoke suite calls the API: GraphQL over HTTP and the REST shims' POSTs. */
import type { SmokeTarget } from './target.js';

export interface HttpAnswer {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

const REQUEST_TIMEOUT_MS = 30_000;

export async function postJson(url: string, body: string, headers: Record<string, string>): Promise<HttpAnswer> {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/** POST a GraphQL operation with `apiKey` as `x-api-key` (null: no header at all). */
export function graphql(
  target: SmokeTarget,
  query: string,
  variables: Record<string, unknown>,
  apiKey: string | null = target.apiKey,
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  return postJson(target.graphqlUrl, JSON.stringify({ query, variables }), headers);
}

/** POST `body` (sent as is when a string) to a REST shim path (`new-order`, `user-orders`). */
export function rest(
  target: SmokeTarget,
  path: 'new-order' | 'user-orders',
  body: unknown,
  apiKey: string | null = target.restKey,
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  const base = target.restUrl.endsWith('/') ? target.restUrl : `${target.restUrl}/`;
  return postJson(new URL(path, base).toString(), typeof body === 'string' ? body : JSON.stringify(body), headers);
}

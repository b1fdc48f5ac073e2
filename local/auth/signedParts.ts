/** What a SigV4 signature covers of an HTTP request besides its headers: method, path, query, body bytes. */
import type { IncomingMessage } from 'node:http';
import type { SignedRequest } from './sigv4Verifier.js';

export function signedParts(req: IncomingMessage, body: Uint8Array): Omit<SignedRequest, 'headers'> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return { method: req.method ?? 'POST', path: url.pathname, query, body };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** CORS as AppSync answers browsers: any origin, the headers AppSync clients send. */
export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET,POST,OPTIONS',
  'access-control-allow-headers':
    'content-type,x-api-key,authorization,x-amz-date,x-amz-security-token,x-amz-user-agent,x-amz-content-sha256',
  'access-control-expose-headers': 'x-amzn-requestid,x-amzn-errortype',
  'access-control-max-age': '86400',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** A body that is JSON text already (a rendered template), sent as it is. `headers` win. */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
    // A caller that names the request (the REST shims: API Gateway's $context.requestId) is not given a second id.
    'x-amzn-requestid': headers['x-amzn-requestid'] ?? randomUUID(),
    ...headers,
  });
  res.end(text);
}

export function preflight(res: ServerResponse, headers: Readonly<Record<string, string>> = CORS_HEADERS): void {
  res.writeHead(204, headers);
  res.end();
}

/** Header values as one string each (the last one wins, as API Gateway does). */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? (value[value.length - 1] ?? '') : value;
  }
  return out;
}

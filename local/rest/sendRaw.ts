/** Sends a REST shim's body as the template rendered it: text, not re-serialized JSON. */
import type { ServerResponse } from 'node:http';

export function sendRaw(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * Serves one allow-listed file: read and gzipped once on first request (GraphiQL's bundle is
 * 3.5 MB, 0.7 MB gzipped), then answered from memory with an ETag so reloads revalidate cheaply.
 * `no-cache` rather than a max-age because the URLs carry no version: after `npm ci` upgrades a
 * package, the next load gets the new file.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Asset } from './assets.js';
import { SECURITY_HEADERS } from './securityHeaders.js';

interface Loaded {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

function acceptsGzip(req: IncomingMessage): boolean {
  const accept = req.headers['accept-encoding'];
  return typeof accept === 'string' && /\bgzip\b/.test(accept);
}

export function staticFileHandler(asset: Asset): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  let loading: Promise<Loaded> | undefined;
  const load = async (): Promise<Loaded> => {
    const body = await readFile(asset.file);
    return { body, gzipped: gzipSync(body), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  };

  return async (req, res) => {
    req.resume();
    // A failed read (e.g. a package removed while running) is retried on the next request.
    const file = await (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
    const headers: Record<string, string | number> = {
      ...SECURITY_HEADERS,
      'content-type': asset.contentType,
      'cache-control': 'no-cache',
      etag: file.etag,
      vary: 'accept-encoding',
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = acceptsGzip(req);
    const body = gzip ? file.gzipped : file.body;
    res.writeHead(200, { ...headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': body.length });
    res.end(body);
  };
}

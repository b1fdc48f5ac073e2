/**
 * The explorer's routes: `GET /` (the page) and one exact route per allow-listed asset. Any other
 * path — `/explorer/../package.json`, an encoded variant, a file not on the list — matches no
 * route and gets the server's 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../http/router.js';
import { explorerAssets } from './assets.js';
import { mayRevealApiKey } from '../http/loopback.js';
import { explorerConfig, renderExplorerPage } from './page.js';
import { SECURITY_HEADERS } from './securityHeaders.js';
import { staticFileHandler } from './staticFile.js';

/** `clientId`: the same-origin local pool's app client, or '' (no sign-in box). */
export function explorerRoutes(apiKey: string, clientId: string): Route[] {
  const page: Route = {
    method: 'GET',
    path: '/',
    handle(req: IncomingMessage, res: ServerResponse) {
      req.resume();
      const html = renderExplorerPage(explorerConfig(mayRevealApiKey(req) ? apiKey : '', clientId));
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        // The page may hold the key: no cache keeps a copy, and the answer depends on the client.
        'cache-control': 'no-store',
        vary: 'host',
      });
      res.end(html);
    },
  };
  const assets = [...explorerAssets()].map(([path, asset]): Route => ({ method: 'GET', path, handle: staticFileHandler(asset) }));
  return [page, ...assets];
}

/** The local HTTP server: dispatches to routes, answers CORS preflight, turns faults into JSON. */
import { createServer, type Server } from 'node:http';
import { CORS_HEADERS, preflight, sendJson } from './respond.js';
import type { Route, UpgradeRoute } from './router.js';

export function createHttpServer(routes: Route[], upgrades: UpgradeRoute[] = []): Server {
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const forPath = routes.filter((r) => r.path === path);
    if (forPath.length === 0) {
      req.resume();
      return sendJson(res, 404, { message: `No route for ${req.method} ${path}` });
    }
    if (req.method === 'OPTIONS' && forPath.some((r) => r.cors))
      return preflight(res, forPath.find((r) => r.preflightHeaders)?.preflightHeaders);
    const route = forPath.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD'));
    if (!route) {
      req.resume();
      const other = forPath.find((r) => r.otherMethod);
      if (other?.otherMethod) return other.otherMethod(req, res);
      return sendJson(
        res,
        405,
        { message: `${req.method} is not allowed on ${path}` },
        { allow: forPath.map((r) => r.method).join(', '), ...CORS_HEADERS },
      );
    }
    Promise.resolve(route.handle(req, res)).catch((error: unknown) => {
      // The client went away mid-request: nobody to answer and nothing went wrong here.
      if ((error as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET' && req.destroyed) return void res.destroy();
      console.error(`Unhandled error on ${req.method} ${path}:`, error);
      if (!res.headersSent)
        sendJson(res, 500, { errors: [{ errorType: 'InternalFailure', message: 'An internal failure occurred' }] }, CORS_HEADERS);
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = upgrades.find((u) => u.path === path);
    if (route) route.upgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
  });
  return server;
}

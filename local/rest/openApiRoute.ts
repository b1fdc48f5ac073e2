/**
 * `GET /openapi.json`: the REST shims' OpenAPI document (openApi.ts). Its server is `/`, which
 * OpenAPI resolves against where the document was fetched: this server, over http or https. No key:
 * it describes the API and holds no secret, as a published API description does; any origin may
 * read it (an API browser on another port).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../http/router.js';
import { restOpenApiDocument } from './openApi.js';

export const OPENAPI_PATH = '/openapi.json';

export function openApiRoute(): Route {
  const text = JSON.stringify(restOpenApiDocument('/'), null, 2);
  return {
    method: 'GET',
    path: OPENAPI_PATH,
    handle(req: IncomingMessage, res: ServerResponse) {
      req.resume();
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'access-control-allow-origin': '*',
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : text);
    },
  };
}

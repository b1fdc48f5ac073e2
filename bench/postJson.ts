/** The benchmarks’ client side: the operations they send, and one keep-alive POST of a JSON body (node:http: fetch’s own overhead would be measured otherwise). */
import { request as httpRequest, type Agent } from 'node:http';

/** The operations the benchmarks send: definitions/operations' CreateOrder and UserOrders. */
export { CREATE_ORDER as CREATE, USER_ORDERS as LIST } from '../harness/localServer.js';

/** The GraphQL twin of POST /user-orders: the same query its request template sends (limit 5). */
export const LIST5 =
  'query L($store_id: String!, $user_id: String!) { userOrders(store_id: $store_id, user_id: $user_id, limit: 5) { items { user_id grand_total order_id store_id timestamp } } }';

export type GraphQLBody = { data?: Record<string, unknown> | null; errors?: unknown[] } & Record<string, unknown>;

export function requestFn(
  url: URL,
  body: string,
  apiKey: string,
  agent: Agent,
  resolve: (v: GraphQLBody) => void,
  reject: (e: unknown) => void,
): void {
  const req = httpRequest(
    {
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-api-key': apiKey },
    },
    (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLBody);
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    },
  );
  req.on('error', reject);
  req.end(body);
}

/** POSTs JSON to paths under `base`, each path's URL built once (the client's own cost stays the same for every path). */
export function jsonPoster(base: string, apiKey: string, agent: Agent): (path: string, body: unknown) => Promise<GraphQLBody> {
  const urls = new Map<string, URL>();
  return (path, body) => {
    let url = urls.get(path);
    if (!url) urls.set(path, (url = new URL(path, base)));
    const target = url;
    return new Promise((resolve, reject) => requestFn(target, JSON.stringify(body), apiKey, agent, resolve, reject));
  };
}

/**
 * GET /graphql: AppSync takes queries as GET with `query`, `variables` (JSON) and `operationName`
 * in the URL ("AppSync supports HTTP POST and GET … Query variables are sent in the HTTP POST Body,
 * encoded as JSON or as query parameters in HTTP GET", the AppSync team in
 * https://github.com/graphql/graphql-over-http/issues/81). urql sends queries this way by default.
 */
import { randomUUID } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256 } from '../../local/auth/sha256.js';
import {
  CREATE_ORDER,
  USER_ORDERS,
  createOrder,
  localIamKey,
  startLocalServer,
  userOrders,
  type LocalServer,
} from '../../harness/localServer.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({ env: { AWS_REGION: 'us-east-1' } });
});
afterAll(async () => {
  await server?.stop();
});

/** The URL urql's default fetch builds for a query: the three parameters, variables as JSON. */
function getUrl(query: string, variables?: Record<string, unknown>, operationName?: string): URL {
  const url = new URL(server.graphqlUrl);
  url.searchParams.set('query', query);
  if (variables) url.searchParams.set('variables', JSON.stringify(variables));
  if (operationName) url.searchParams.set('operationName', operationName);
  return url;
}

async function get(url: URL, headers: Record<string, string> = { 'x-api-key': server.apiKey }) {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('GET /graphql', () => {
  it('answers a query with its variables exactly as POST does', async () => {
    const store_id = `get-${randomUUID().slice(0, 8)}`;
    const input = { store_id, order_id: 'o1', user_id: 'getter', grand_total: 3.5 };
    expect((await createOrder(server, input)).body.errors).toBeUndefined();
    const variables = { store_id, user_id: 'getter', limit: 5 };
    const viaGet = await get(getUrl(USER_ORDERS, variables));
    expect(viaGet.status).toBe(200);
    expect(viaGet.body).toEqual((await userOrders(server, variables)).body);
    expect(viaGet.body.data.userOrders.items.map((o: { order_id: string }) => o.order_id)).toEqual(['o1']);
  });

  it('runs the operation operationName names', async () => {
    const { status, body } = await get(getUrl('query A { a: __typename } query B { b: __typename }', undefined, 'B'));
    expect(status).toBe(200);
    expect(body).toEqual({ data: { b: 'Query' } });
  });

  it('refuses a GET without a key with the same 401 as POST', async () => {
    const { status, body } = await get(getUrl('{ __typename }'), {});
    expect(status).toBe(401);
    expect(body).toEqual({ errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] });
  });

  it('admits a GET signed with the local IAM key (the signature covers the query string)', async () => {
    const url = getUrl('{ __typename }');
    const signer = new SignatureV4({ credentials: localIamKey(server), region: 'us-east-1', service: 'appsync', sha256: Sha256 });
    const signed = await signer.sign({
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host },
    });
    const headers = { ...(signed.headers as Record<string, string>) };
    delete headers.host;
    expect(await get(url, headers)).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    // The same headers on another query string: the signature no longer matches.
    const altered = getUrl('{ t: __typename }');
    expect((await get(altered, headers)).status).toBe(403);
  });

  it('never runs a mutation sent with GET, and writes nothing', async () => {
    const store_id = `get-${randomUUID().slice(0, 8)}`;
    const input = { store_id, order_id: 'never', user_id: 'getter', grand_total: 1 };
    const { status, body } = await get(getUrl(CREATE_ORDER, { input }));
    expect(status).toBe(405);
    expect(body.errors[0].errorType).toBe('MethodNotAllowedException');
    expect((await userOrders(server, { store_id, user_id: 'getter' })).body.data?.userOrders.items).toEqual([]);
  });
});

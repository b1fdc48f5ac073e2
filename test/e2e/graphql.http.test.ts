/** AppSync's HTTP protocol on the local runtime: auth, body limits, malformed requests, CORS, error shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(async () => {
  await server?.stop();
});

const UNAUTHORIZED = { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };
const ANY_QUERY = '{ userOrders(store_id: "s", user_id: "u") { items { order_id } } }';

describe('POST /graphql', () => {
  it('answers 401 UnauthorizedException without x-api-key', async () => {
    const { status, body } = await gql(server, ANY_QUERY, undefined, null);
    expect(status).toBe(401);
    expect(body).toEqual(UNAUTHORIZED);
  });

  it('answers 401 UnauthorizedException with a wrong x-api-key', async () => {
    for (const key of ['wrong', `${server.apiKey}x`, server.apiKey.slice(0, -1), '']) {
      const { status, body } = await gql(server, ANY_QUERY, undefined, key);
      expect(status).toBe(401);
      expect(body).toEqual(UNAUTHORIZED);
    }
  });

  it('refuses a body over 1 MB with 413', async () => {
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
      body: JSON.stringify({ query: ANY_QUERY, variables: { pad: 'x'.repeat(1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { errorType: string }[] }).errors[0]!.errorType).toBe('PayloadTooLargeException');
  });

  it('answers 400 MalformedHttpRequestException to bad JSON and to a body without query', async () => {
    for (const body of ['{"query": ', '[]', '{}', '{"query": 5}', '{"query":"{ __typename }","variables":[1]}']) {
      const res = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
        body,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        errors: [{ errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' }],
      });
    }
  });

  it('answers a document that does not parse with 400, and one that does not validate as AppSync does: data null, path/locations/message only', async () => {
    const syntax = await gql(server, '{ userOrders(');
    expect(syntax).toEqual({
      status: 400,
      body: { errors: [{ errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' }] },
    });
    for (const query of ['{ nope }', '{ mine: userOrders(store_id: "s", user_id: "u", limit: "five") { nextToken } }']) {
      const { status, body } = await gql(server, query);
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(Object.keys(body.errors![0]!).sort()).toEqual(['locations', 'message', 'path']);
      expect(body.errors![0]!.message).toMatch(/^Validation error of type (FieldUndefined|WrongType): /);
    }
    // A resolver's own refusal keeps AppSync's six keys and the field null (the contract's ValidationError).
    const { body } = await gql(server, '{ userOrders(store_id: "s") { nextToken } }');
    expect(body.data).toEqual({ userOrders: null });
    expect(Object.keys(body.errors![0]!).sort()).toEqual(['data', 'errorInfo', 'errorType', 'locations', 'message', 'path']);
    expect(body.errors![0]!.errorType).toBe('ValidationError');
  });

  it('serves introspection with the schema as written (non-null roots, descriptions)', async () => {
    const { body } = await gql(
      server,
      '{ __type(name: "Mutation") { description fields { name description type { kind ofType { name } } } } }',
    );
    const field = (body.data as any).__type.fields[0];
    expect(field.name).toBe('createOrder');
    expect(field.description).toBeTruthy();
    expect(field.type).toEqual({ kind: 'NON_NULL', ofType: { name: 'Order' } });
  });

  it('answers CORS preflight for browsers', async () => {
    const res = await fetch(server.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-api-key,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });

  it('runs the operation named by operationName', async () => {
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
      body: JSON.stringify({ query: 'query A { __typename } query B { t: __typename }', operationName: 'B' }),
    });
    expect(await res.json()).toEqual({ data: { t: 'Query' } });
  });

  it('answers 404 for unknown paths and 405 for PUT /graphql (GET and POST are served)', async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const put = await fetch(server.graphqlUrl, { method: 'PUT', headers: { 'x-api-key': server.apiKey }, body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET');
  });
});

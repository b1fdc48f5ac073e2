/**
 * `GET /openapi.json`: the REST shims' OpenAPI 3 document, built from the same draft-04 models the
 * shims validate with, so a client generated from it sends what the server takes, and what its
 * schemas refuse the server refuses too.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restRoutes } from '../../definitions/rest/routes.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;
type Doc = {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<
    string,
    { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, unknown> } }
  >;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};
let doc: Doc;

beforeAll(async () => {
  server = await startLocalServer();
  const res = await fetch(`${server.url}/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  doc = (await res.json()) as Doc;
});
afterAll(async () => {
  await server?.stop();
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.0 document of both endpoints, keyed by x-api-key, served relative to where it was fetched', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    expect(doc.servers).toEqual([{ url: '/' }]);
    expect(Object.keys(doc.paths).sort()).toEqual(['/new-order', '/user-orders']);
    expect(doc.components.securitySchemes).toEqual({ api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } });
    expect(Object.keys(doc.paths['/new-order']!.post.responses).sort()).toEqual(['201', '400', '403', '413', '415', '429', '502']);
    expect(Object.keys(doc.paths['/user-orders']!.post.responses)).toContain('200');
  });

  it("has each route's request model as its request schema, the very file the shims validate with", () => {
    for (const route of restRoutes) {
      const ref = doc.paths[route.path]!.post.requestBody.content['application/json']!.schema.$ref;
      const { $schema: _draft, ...model } = JSON.parse(readFileSync(route.modelPath, 'utf8')) as Record<string, unknown>;
      expect(doc.components.schemas[ref.replace('#/components/schemas/', '')]).toEqual(model);
    }
  });

  it('refuses what the server refuses and takes what it takes', async () => {
    const ajv = new Ajv({ allErrors: true });
    const validNewOrder = ajv.compile(doc.components.schemas.NewOrder!);
    const bodies = [
      { store_id: 'oa', order_id: 'o1', user_id: 'u1', grand_total: 5 },
      { store_id: 'oa', order_id: 'o2', user_id: 'u1', grand_total: '5' },
      { store_id: 'o#a', order_id: 'o3', user_id: 'u1', grand_total: 5 },
      { store_id: 'oa', order_id: 'o4', grand_total: 5 },
      { store_id: 'oa', order_id: 'o5', user_id: 'u1', grand_total: -1 },
    ];
    for (const body of bodies) {
      const res = await fetch(`${server.url}/new-order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(validNewOrder(body) ? 201 : 400);
    }
  });
});

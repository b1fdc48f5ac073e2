/**
 * The REST shims from a browser on another origin (CORS, as definitions/rest/cors.ts sets it for
 * the stack too) and one wording per broken rule, whichever layer catches it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_CORS } from '../../definitions/rest/cors.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(async () => {
  await server?.stop();
});

const post = (path: string, body: string, apiKey: string | null = server.apiKey): Promise<Response> =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://shop.example', ...(apiKey === null ? {} : { 'x-api-key': apiKey }) },
    body,
  });

describe('CORS on the REST shims', () => {
  for (const path of ['/new-order', '/user-orders']) {
    it(`${path}: the preflight answers 204 with the allowed method and headers`, async () => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-api-key',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')?.split(',')).toContain('POST');
      const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase().split(',');
      expect(allowed).toEqual(expect.arrayContaining(['content-type', 'x-api-key']));
      expect(res.headers.get('access-control-max-age')).toBe(String(REST_CORS.maxAgeSeconds));
    });
  }

  it('every answer carries Access-Control-Allow-Origin: success, model refusal and gateway responses', async () => {
    const answers = [
      await post('/new-order', JSON.stringify({ store_id: 'cors', order_id: `o-${Date.now()}`, user_id: 'u', grand_total: 1 })),
      await post('/new-order', '{"store_id":"cors"}'),
      await post('/user-orders', '{"store_id":"cors","user_id":"nobody"}'),
      await post('/new-order', '{}', null),
    ];
    expect(answers.map((r) => r.status)).toEqual([201, 400, 400, 403]);
    for (const res of answers) {
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-amzn-requestid');
    }
  });
});

describe('one wording per rule', () => {
  it('grand_total 1e-320 (refused by the resolver, not the model) has the "Invalid request body:" prefix', async () => {
    const res = await post('/new-order', '{"store_id":"w","order_id":"tiny","user_id":"u","grand_total":1e-320}');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      statusCode: 400,
      error: 'Invalid request body: grand_total must be 0 or at least 1e-130 (the smallest number DynamoDB stores)',
    });
  });

  it('grand_total 1e309 and -1e309 (Infinity once parsed) "must be a finite number", as GraphQL says', async () => {
    for (const total of ['1e309', '-1e309']) {
      const res = await post('/new-order', `{"store_id":"w","order_id":"inf","user_id":"u","grand_total":${total}}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ statusCode: 400, error: 'Invalid request body: grand_total must be a finite number' });
    }
  });
});

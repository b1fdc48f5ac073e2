/**
 * Malformed HTTP on raw sockets: wrong content type, a body shorter than its content-length then
 * a closed connection, headers too large, bytes that are not UTF-8, not HTTP at all. Each gets an
 * answer (or a closed socket), and the server keeps serving the next request.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, startLocalServer, userOrders, type ServerProcess } from '../../harness/localServer.js';
import { tableReader, type TableReader } from '../support/table.js';

let server: ServerProcess;
let table: TableReader;
let port: number;

beforeAll(async () => {
  server = await startLocalServer({ launcher: 'start' });
  table = tableReader(server);
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  table?.close();
  await server?.stop();
});

/** Writes raw bytes, optionally half-closes, and collects whatever comes back until the socket closes. */
function rawExchange(parts: Buffer[], options: { end?: boolean; destroyAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(error),
    );
    socket.setTimeout(15_000, () => socket.destroy());
    socket.on('connect', () => {
      for (const p of parts) socket.write(p);
      if (options.end) socket.end();
      if (options.destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), options.destroyAfterMs);
    });
  });
}

function head(lines: string[], body: Buffer | string = ''): Buffer[] {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return [Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), b];
}

async function stillServing(): Promise<void> {
  const { body } = await userOrders(server, { store_id: 'alive', user_id: 'u' });
  expect(body).toEqual({ data: { userOrders: { items: [], nextToken: null } } });
  expect(server.process.exitCode).toBeNull();
}

const query = JSON.stringify({ query: '{ __typename }' });

describe('malformed HTTP', () => {
  it('wrong or missing content type: the JSON body is still read, as AppSync does for application/graphql clients', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', null]) {
      const headers: Record<string, string> = { 'x-api-key': server.apiKey };
      if (type) headers['content-type'] = type;
      const res = await fetch(server.graphqlUrl, { method: 'POST', headers, body: query });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    }
    await stillServing();
  });

  it('a body shorter than its content-length, then the connection closed: nothing answered, nothing written, server fine', async () => {
    const body = JSON.stringify({
      query: 'mutation { createOrder(input: {store_id: "trunc", order_id: "t", user_id: "u", grand_total: 1}) { order_id } }',
    });
    const partial = body.slice(0, 40);
    for (const closing of [{ end: true }, { destroyAfterMs: 100 }]) {
      await rawExchange(
        head(
          [
            'POST /graphql HTTP/1.1',
            'host: 127.0.0.1',
            'content-type: application/json',
            `x-api-key: ${server.apiKey}`,
            `content-length: ${body.length + 500}`,
          ],
          partial,
        ),
        closing,
      );
    }
    await stillServing();
    expect(await table.storeItems('trunc')).toEqual([]);
  });

  it('headers over 16 KB get 431 and the server keeps serving', async () => {
    const answer = await rawExchange(
      head([
        'POST /graphql HTTP/1.1',
        'host: 127.0.0.1',
        `x-api-key: ${server.apiKey}`,
        `x-padding: ${'p'.repeat(20 * 1024)}`,
        'content-length: 0',
      ]),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const many = await rawExchange(
      head(['GET /graphql HTTP/1.1', 'host: 127.0.0.1', ...Array.from({ length: 1000 }, (_, i) => `x-header-${i}: ${'v'.repeat(20)}`)]),
    );
    expect(many).toMatch(/^HTTP\/1\.1 431 /);
    await stillServing();
  });

  it('a body that is not UTF-8 is refused with 400 MalformedHttpRequestException; nothing is stored with replaced characters', async () => {
    const before = Buffer.from('{"query":"mutation { createOrder(input: {store_id: \\"utf8\\", order_id: \\"');
    const after = Buffer.from('\\", user_id: \\"u\\", grand_total: 1}) { order_id } }"}');
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const body = Buffer.concat([before, Buffer.from(bad), after]);
      const res = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
        body,
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { errors: { errorType: string; message: string }[] };
      // AppSync's sentence for a body it cannot read (graphql/graphql-over-http#81); for bytes that
      // are not UTF-8 the same sentence is inferred.
      expect(json.errors[0]).toEqual({ errorType: 'MalformedHttpRequestException', message: 'Unable to parse GraphQL query.' });
    }
    expect(await table.storeItems('utf8')).toEqual([]);
    // Valid multi-byte UTF-8 is of course fine.
    const ok = await createOrder(server, { store_id: 'utf8', order_id: 'é🧾', user_id: 'u', grand_total: 1 });
    expect(ok.body.errors).toBeUndefined();
    await stillServing();
  });

  it('bytes that are not HTTP at all get 400 and a closed socket', async () => {
    const answer = await rawExchange([Buffer.from('\u0000\u0001garbage that is not http\r\n\r\n')]);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const badLength = await rawExchange(head(['POST /graphql HTTP/1.1', 'host: 127.0.0.1', 'content-length: banana'], '{}'));
    expect(badLength).toMatch(/^HTTP\/1\.1 400 /);
    await stillServing();
  });

  it('a hundred connections dropped mid-request at once do not hurt the server', async () => {
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        rawExchange(
          head(
            [
              'POST /graphql HTTP/1.1',
              'host: 127.0.0.1',
              'content-type: application/json',
              `x-api-key: ${server.apiKey}`,
              'content-length: 1000',
            ],
            `{"query": "${i}`,
          ),
          { destroyAfterMs: 20 },
        ),
      ),
    );
    await stillServing();
    expect(server.output()).not.toMatch(/Unhandled error|uncaught/i);
  });
});

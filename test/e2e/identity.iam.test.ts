/**
 * IAM (SigV4) callers, the API's second auth mode (contract: Identity), on `/graphql` and on the
 * real-time endpoint. Signed for real with the local key in DATA_DIR/iam-credentials.json, by two
 * independent signers: aws-amplify 6 (`authMode: 'iam'`, its own signer, HTTP and WebSocket) and
 * the AWS SDK's SignatureV4 (raw requests, altered one part at a time). A refused call writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { Sha256 } from '../../local/auth/sha256.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_ORDER, startLocalServer, userOrders, type LocalServer } from '../../harness/localServer.js';
import { LoopbackWebSocket, ON_CREATE_ORDER, rawClient, sleep, type Message, type RawClient } from '../../harness/realtimeClients.js';

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

let server: LocalServer;
let key: Key;
let credentials: Key;
let previousWebSocket: unknown;
const clients: RawClient[] = [];

beforeAll(async () => {
  previousWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;
  (globalThis as { WebSocket?: unknown }).WebSocket = LoopbackWebSocket;
  server = await startLocalServer({ env: { AWS_REGION: 'us-east-1' } });
  const file = JSON.parse(readFileSync(join(server.dataDir, 'iam-credentials.json'), 'utf8')) as Record<string, string>;
  key = { accessKeyId: file.AccessKeyId!, secretAccessKey: file.SecretAccessKey! };
  credentials = key;
  // aws-amplify with a credentials provider (what an identity pool would give, here the local key).
  Amplify.configure(
    { API: { GraphQL: { endpoint: server.graphqlUrl, region: 'us-east-1', defaultAuthMode: 'iam' } } },
    {
      Auth: {
        credentialsProvider: {
          getCredentialsAndIdentityId: async () => ({ credentials }),
          clearCredentialsAndIdentityId: () => undefined,
        },
      },
    },
  );
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
  (globalThis as { WebSocket?: unknown }).WebSocket = previousWebSocket;
});

type GraphQLClient = { graphql(options: { query: string; variables?: Record<string, unknown> }): unknown };
const amplify = (): GraphQLClient => generateClient({ authMode: 'iam' }) as unknown as GraphQLClient;

const storeId = (): string => `iam-${randomUUID().slice(0, 8)}`;

/** Headers of a POST to `path` with `body`, signed by the AWS SDK's SignatureV4 (extra headers signed too). */
async function sdkSign(
  path: string,
  body: string,
  options: { with?: Key; region?: string; at?: Date; headers?: Record<string, string> } = {},
) {
  const url = new URL(server.graphqlUrl);
  const signer = new SignatureV4({
    credentials: options.with ?? key,
    region: options.region ?? 'us-east-1',
    service: 'appsync',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json', ...options.headers },
      body,
    },
    { signingDate: options.at ?? new Date() },
  );
  return signed.headers as Record<string, string>;
}

async function postSigned(body: string, headers: Record<string, string>) {
  const { host: _host, ...sendable } = headers;
  const res = await fetch(server.graphqlUrl, { method: 'POST', headers: sendable, body });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: (await res.json()) as Record<string, any> };
}

const createBody = (store_id: string, order_id: string): string =>
  JSON.stringify({ query: CREATE_ORDER, variables: { input: { store_id, order_id, user_id: 'iam-user', grand_total: 5 } } });

async function ordersOf(store_id: string): Promise<unknown[]> {
  const res = await userOrders(server, { store_id, user_id: 'iam-user' });
  return (res.body.data as { userOrders: { items: unknown[] } }).userOrders.items;
}

describe('aws-amplify 6, authMode iam, signed with the local key', () => {
  it('creates and lists orders over /graphql (user_id required, as for API-key callers)', async () => {
    const s = storeId();
    const created = (await amplify().graphql({
      query: 'mutation C($input: CreateOrderInput!) { createOrder(input: $input) { store_id order_id user_id } }',
      variables: { input: { store_id: s, order_id: 'o1', user_id: 'iam-user', grand_total: 3 } },
    })) as { data: { createOrder: Record<string, string> } };
    expect(created.data.createOrder).toEqual({ store_id: s, order_id: 'o1', user_id: 'iam-user' });
    const listed = (await amplify().graphql({
      query: 'query L($s: String!, $u: String) { userOrders(store_id: $s, user_id: $u) { items { order_id } } }',
      variables: { s, u: 'iam-user' },
    })) as { data: { userOrders: { items: unknown[] } } };
    expect(listed.data.userOrders.items).toEqual([{ order_id: 'o1' }]);
  });

  it('subscribes over the real-time endpoint (signed connect and start) and receives the order', async () => {
    const s = storeId();
    const events: unknown[] = [];
    const errors: unknown[] = [];
    const observable = amplify().graphql({ query: ON_CREATE_ORDER, variables: { store_id: s } }) as {
      subscribe(o: { next(v: { data: { onCreateOrder: unknown } }): void; error(e: unknown): void }): { unsubscribe(): void };
    };
    const subscription = observable.subscribe({ next: (v) => events.push(v.data.onCreateOrder), error: (e) => errors.push(e) });
    // Created until the subscription (acknowledged asynchronously) sees one.
    const until = Date.now() + 15_000;
    let n = 0;
    while (events.length === 0 && errors.length === 0 && Date.now() < until) {
      await postSigned(createBody(s, `o${(n += 1)}`), await sdkSign('/graphql', createBody(s, `o${n}`)));
      await sleep(300);
    }
    subscription.unsubscribe();
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({ store_id: s, user_id: 'iam-user' });
  });

  it('with a wrong secret: 403 InvalidSignatureException, and nothing is written', async () => {
    credentials = { ...key, secretAccessKey: 'not-the-local-secret-0000000000000000' };
    try {
      const s = storeId();
      const result = await Promise.resolve(
        amplify().graphql({
          query: 'mutation C($input: CreateOrderInput!) { createOrder(input: $input) { order_id } }',
          variables: { input: { store_id: s, order_id: 'o1', user_id: 'iam-user', grand_total: 3 } },
        }),
      ).catch((e: unknown) => e);
      // aws-amplify reads the error's name from x-amzn-ErrorType (its message from a top-level `message`).
      const error = (result as { errors: { originalError?: { name?: string } }[] }).errors[0];
      expect(error?.originalError?.name).toBe('InvalidSignatureException');
      expect(await ordersOf(s)).toEqual([]);
    } finally {
      credentials = key;
    }
  });
});

describe('raw requests signed by the AWS SDK on /graphql', () => {
  it('a request signed for (and sent with) another Host is refused, and nothing is written', async () => {
    const s = storeId();
    const body = createBody(s, 'o1');
    const url = new URL(server.graphqlUrl);
    const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'appsync', sha256: Sha256 });
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'attacker.example',
        path: '/graphql',
        query: {},
        headers: { host: 'attacker.example', 'content-type': 'application/json' },
        body,
      },
      { signingDate: new Date() },
    );
    // fetch cannot set Host: node:http sends the signed Host to this server's address.
    const answer = await new Promise<{ status: number; errorType: string | undefined; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: signed.headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, errorType: res.headers['x-amzn-errortype'] as string | undefined, text }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(403);
    expect(answer.errorType).toBe('InvalidSignatureException');
    expect(answer.text).toContain("signed for host 'attacker.example'");
    expect(await ordersOf(s)).toEqual([]);
  });

  it('a signed request is admitted as IAM', async () => {
    const s = storeId();
    const body = createBody(s, 'o1');
    const r = await postSigned(body, await sdkSign('/graphql', body));
    expect(r.status).toBe(200);
    expect(r.body.data.createOrder).toMatchObject({ store_id: s, order_id: 'o1' });
  });

  it.each([
    [
      'a body changed after signing',
      async (body: string) => sdkSign('/graphql', body.replace('"o1"', '"o2"')),
      'InvalidSignatureException',
    ],
    [
      'another secret',
      async (body: string) => sdkSign('/graphql', body, { with: { ...key, secretAccessKey: 'x'.repeat(40) } }),
      'InvalidSignatureException',
    ],
    ['another region', async (body: string) => sdkSign('/graphql', body, { region: 'eu-west-1' }), 'InvalidSignatureException'],
    [
      'a signature 6 minutes old',
      async (body: string) => sdkSign('/graphql', body, { at: new Date(Date.now() - 6 * 60_000) }),
      'InvalidSignatureException',
    ],
    [
      'an unknown key',
      async (body: string) => sdkSign('/graphql', body, { with: { ...key, accessKeyId: 'AKIAUNKNOWN000000000' } }),
      'UnrecognizedClientException',
    ],
    [
      'a session token',
      async (body: string) => sdkSign('/graphql', body, { with: { ...key, sessionToken: 'FwoG' } }),
      'UnrecognizedClientException',
    ],
  ])('%s: HTTP 403 with AWS’s error, and nothing is written', async (_case, sign, errorType) => {
    const s = storeId();
    const body = createBody(s, 'o1');
    const r = await postSigned(body, await sign(body));
    expect(r).toMatchObject({ status: 403, errorType, body: { errors: [{ errorType, message: expect.any(String) }] } });
    expect(r.body.data).toBeUndefined();
    expect(await ordersOf(s)).toEqual([]);
  });

  it('a signed header left out of the request: IncompleteSignatureException', async () => {
    const body = createBody(storeId(), 'o1');
    const headers = await sdkSign('/graphql', body, { headers: { 'x-custom': 'yes' } });
    delete headers['x-custom'];
    const r = await postSigned(body, headers);
    expect(r).toMatchObject({
      status: 403,
      body: {
        errors: [
          {
            errorType: 'IncompleteSignatureException',
            message: "'x-custom' is named as a SignedHeader, but it does not exist in the HTTP request.",
          },
        ],
      },
    });
  });
});

describe('raw SigV4 on the real-time endpoint', () => {
  /** The connect header as aws-amplify builds it: a signed POST of `{}` to <graphql endpoint>/connect. */
  async function connectHeader(signWith: Key): Promise<string> {
    const headers = await sdkSign('/graphql/connect', '{}', {
      with: signWith,
      headers: {
        accept: 'application/json, text/javascript',
        'content-encoding': 'amz-1.0',
        'content-type': 'application/json; charset=UTF-8',
      },
    });
    return Buffer.from(JSON.stringify(headers)).toString('base64url').replace(/=+$/, '');
  }

  async function connect(signWith: Key): Promise<RawClient> {
    const client = await rawClient(server, null, { protocols: ['graphql-ws', `header-${await connectHeader(signWith)}`] });
    clients.push(client);
    client.send({ type: 'connection_init' });
    return client;
  }

  it('a connect signed with another secret gets connection_error BadRequestException (400) with the signature message', async () => {
    const client = await connect({ ...key, secretAccessKey: 'y'.repeat(40) });
    const error = await client.next((m) => m.type === 'connection_error');
    expect(error.payload.errors).toEqual([
      {
        errorType: 'BadRequestException',
        errorCode: 400,
        message: expect.stringMatching(/^The request signature we calculated does not match/),
      },
    ]);
  });

  it('a start whose signature covers another query is refused for that id; a correctly signed one is acknowledged', async () => {
    const client = await connect(key);
    await client.next((m) => m.type === 'connection_ack');
    const s = storeId();
    const data = JSON.stringify({ query: ON_CREATE_ORDER, variables: { store_id: s } });
    const signedForOther = await sdkSign('/graphql', JSON.stringify({ query: ON_CREATE_ORDER, variables: { store_id: 'other' } }));
    client.send({ id: 'bad', type: 'start', payload: { data, extensions: { authorization: signedForOther } } });
    const error: Message = await client.next((m) => m.type === 'error' && m.id === 'bad');
    expect(error.payload.errors[0]).toMatchObject({ errorType: 'BadRequestException', errorCode: 400 });
    client.send({ id: 'good', type: 'start', payload: { data, extensions: { authorization: await sdkSign('/graphql', data) } } });
    await client.next((m) => m.type === 'start_ack' && m.id === 'good');
  });
});

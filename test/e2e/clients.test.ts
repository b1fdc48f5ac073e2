/**
 * The GraphQL clients apps use besides aws-amplify (tls.test.ts has that one), unmodified against
 * the local server, as the README's Clients table says: Apollo Client 3 with AWS's
 * aws-appsync-auth-link 3 and aws-appsync-subscription-link 3 (API key, IAM and Cognito; queries,
 * mutations and a subscription over `ws://`, which the link dials for an `http://` endpoint),
 * graphql-request, and urql with its defaults (queries by GET, mutations by POST).
 */
import { ApolloClient, ApolloLink, gql as apolloGql, HttpLink, InMemoryCache } from '@apollo/client/core/index.js';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { AUTH_TYPE, createAuthLink, type AuthOptions } from 'aws-appsync-auth-link';
import { CONTROL_EVENTS_KEY, createSubscriptionHandshakeLink } from 'aws-appsync-subscription-link';
import { GraphQLClient } from 'graphql-request';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, poolOf, signIn } from '../../harness/cognito.js';
import { CREATE_ORDER, USER_ORDERS, localIamKey, startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;
let previousWebSocket: unknown;

beforeAll(async () => {
  // Node 20 has no global WebSocket: an app gives the subscription link one, as it would in the cloud.
  previousWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
  server = await startLocalServer();
});
afterAll(async () => {
  await server?.stop();
  (globalThis as { WebSocket?: unknown }).WebSocket = previousWebSocket;
});

const SUBSCRIPTION = `subscription OnCreateOrder($store_id: String!, $user_id: String) {
  onCreateOrder(store_id: $store_id, user_id: $user_id) { store_id order_id user_id grand_total timestamp created_at }
}`;

let counter = 0;
const order = (store_id: string, user_id?: string) => ({
  store_id,
  order_id: `o-${process.pid}-${(counter += 1)}`,
  ...(user_id ? { user_id } : {}),
  grand_total: 21.5,
});

/** Apollo Client 3 as AWS's AppSync links wire it: auth link, then the subscription handshake link before HTTP. */
function apollo(auth: AuthOptions): ApolloClient<unknown> {
  const url = server.graphqlUrl;
  const region = 'us-east-1';
  const link = ApolloLink.from([
    createAuthLink({ url, region, auth }),
    createSubscriptionHandshakeLink({ url, region, auth }, new HttpLink({ uri: url })),
  ]);
  return new ApolloClient({ link, cache: new InMemoryCache(), defaultOptions: { query: { fetchPolicy: 'no-cache' } } });
}

/** Subscribes, waits for the server's start_ack (the link's 'subscribed' control event comes no sooner), creates, and gets the event. */
async function subscribeThenCreate(
  client: ApolloClient<unknown>,
  variables: { store_id: string; user_id?: string },
  input: ReturnType<typeof order>,
): Promise<Record<string, unknown>> {
  let resolveEvent!: (value: Record<string, unknown>) => void;
  let rejectEvent!: (reason: unknown) => void;
  const event = new Promise<Record<string, unknown>>((resolve, reject) => ((resolveEvent = resolve), (rejectEvent = reject)));
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const subscription = client
    .subscribe({
      query: apolloGql(SUBSCRIPTION),
      variables,
      fetchPolicy: 'no-cache',
      // Ask the link for its control messages too: CONNECTED comes with the server's start_ack.
      context: { controlMessages: { [CONTROL_EVENTS_KEY]: true } },
    })
    .subscribe({
      next: (result: { data?: Record<string, unknown> | null; extensions?: Record<string, unknown> }) => {
        // aws-appsync-subscription-link reports its state as a control message (CONTROL_EVENTS_KEY).
        const control = result.extensions?.controlMsgType;
        if (control === 'CONNECTED' || (result.data && Object.keys(result.data).length === 0)) return resolveReady();
        if (result.data?.onCreateOrder) resolveEvent(result.data.onCreateOrder as Record<string, unknown>);
      },
      error: (error: unknown) => rejectEvent(error),
    });
  try {
    await Promise.race([
      ready,
      new Promise((_, reject) => setTimeout(() => reject(new Error('subscription not acknowledged in 15 s')), 15_000)),
    ]);
    const created = await client.mutate({ mutation: apolloGql(CREATE_ORDER), variables: { input } });
    expect(created.errors).toBeUndefined();
    return await Promise.race([event, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event in 15 s')), 15_000))]);
  } finally {
    subscription.unsubscribe();
  }
}

describe('Apollo Client 3 + aws-appsync-auth-link 3 + aws-appsync-subscription-link 3', () => {
  it('with the API key: query, mutation, and a subscription over ws:// receive the order', async () => {
    const client = apollo({ type: AUTH_TYPE.API_KEY, apiKey: server.apiKey });
    const input = order('store-apollo-key', 'user1');
    const event = await subscribeThenCreate(client, { store_id: input.store_id }, input);
    expect(event).toMatchObject({ ...input });
    const listed = await client.query({ query: apolloGql(USER_ORDERS), variables: { store_id: input.store_id, user_id: 'user1' } });
    expect((listed.data as { userOrders: { items: Array<{ order_id: string }> } }).userOrders.items.map((o) => o.order_id)).toContain(
      input.order_id,
    );
  }, 60_000);

  it('signed with the local IAM key (AWS_IAM)', async () => {
    const client = apollo({ type: AUTH_TYPE.AWS_IAM, credentials: localIamKey(server) });
    const input = order('store-apollo-iam', 'user2');
    expect(await subscribeThenCreate(client, { store_id: input.store_id, user_id: 'user2' }, input)).toMatchObject(input);
  }, 60_000);

  it('as a user of the local pool (AMAZON_COGNITO_USER_POOLS): the order is the user’s', async () => {
    const pool = poolOf(server);
    await addUser(pool, 'carol');
    const { IdToken } = await signIn(pool, 'carol');
    const client = apollo({ type: AUTH_TYPE.AMAZON_COGNITO_USER_POOLS, jwtToken: IdToken });
    const input = order('store-apollo-pool');
    expect(await subscribeThenCreate(client, { store_id: input.store_id }, input)).toMatchObject({ ...input, user_id: 'carol' });
  }, 60_000);
});

describe('graphql-request', () => {
  it('sends createOrder and userOrders with the x-api-key header', async () => {
    const client = new GraphQLClient(server.graphqlUrl, { headers: { 'x-api-key': server.apiKey } });
    const input = order('store-graphql-request', 'user3');
    const created = await client.request<{ createOrder: Record<string, unknown> }>(CREATE_ORDER, { input });
    expect(created.createOrder).toMatchObject(input);
    const listed = await client.request<{ userOrders: { items: Array<{ order_id: string }> } }>(USER_ORDERS, {
      store_id: input.store_id,
      user_id: 'user3',
    });
    expect(listed.userOrders.items.map((o) => o.order_id)).toEqual([input.order_id]);
  });
});

describe('urql (its defaults: queries by GET)', () => {
  it('queries by GET and mutates by POST, each answered', async () => {
    const methods: string[] = [];
    const client = new UrqlClient({
      url: server.graphqlUrl,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { 'x-api-key': server.apiKey } },
      fetch: (input, init) => {
        methods.push(init?.method ?? 'GET');
        return fetch(input, init);
      },
    });
    const input = order('store-urql', 'user4');
    const created = await client.mutation(CREATE_ORDER, { input }).toPromise();
    expect(created.error).toBeUndefined();
    const listed = await client.query(USER_ORDERS, { store_id: input.store_id, user_id: 'user4' }).toPromise();
    expect(listed.error).toBeUndefined();
    expect((listed.data as { userOrders: { items: Array<{ order_id: string }> } }).userOrders.items.map((o) => o.order_id)).toEqual([
      input.order_id,
    ]);
    expect(methods).toEqual(['POST', 'GET']);
  });
});

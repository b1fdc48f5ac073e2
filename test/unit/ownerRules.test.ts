/**
 * The contract's owner rules ("Identity"), enforced by the resolver bundles themselves
 * (resolvers/lib/owner.ts), run with each kind of caller through the real executor, the real
 * DynamoDB data source over the embedded store, and the subscription preparer.
 * AppSync's user-pool identity: { sub, issuer, username, claims, sourceIp, defaultAuthStrategy,
 * groups } (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html);
 * util.authType() is "User Pool Authorization" for it
 * (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { listResolvers } from '../../definitions/resolverWiring.js';
import { apiKeyCaller, type Caller } from '../../local/engine/caller.js';
import { createDynamoDBDataSource } from '../../local/engine/dataSources/dynamodb.js';
import { noneDataSource } from '../../local/engine/dataSources/none.js';
import { createPageTokens } from '../../local/engine/dataSources/pageToken.js';
import { Executor, type AppSyncResponse, type BoundResolver } from '../../local/engine/executor.js';
import { loadResolverFile } from '../../local/engine/runtime/loadResolver.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { SubscriptionPreparer } from '../../local/engine/realtime/subscribe.js';
import { createEmbeddedDynamoClient } from '../../local/store/embeddedClient.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../local/store/embeddedStore.js';
import { ensureTable } from '../../local/store/ensureTable.js';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST';

/** A user-pool caller as AppSync builds it from an id token (or an access token). */
function userPoolCaller(username: string, groups: string[] = [], tokenUse: 'id' | 'access' = 'id'): Caller {
  const sub = `sub-of-${username}`;
  const nameClaim = tokenUse === 'id' ? { 'cognito:username': username } : { username };
  const claims = { sub, iss: ISSUER, token_use: tokenUse, ...nameClaim, ...(groups.length > 0 ? { 'cognito:groups': groups } : {}) };
  return {
    authType: 'AMAZON_COGNITO_USER_POOLS',
    identity: {
      sub,
      issuer: ISSUER,
      username,
      claims,
      sourceIp: ['127.0.0.1'],
      defaultAuthStrategy: 'ALLOW',
      groups: groups.length > 0 ? groups : null,
    },
    headers: {},
  };
}

/** An AWS_IAM caller (what the REST shims and back-end services are). */
const iamCaller: Caller = {
  authType: 'AWS_IAM',
  identity: {
    accountId: '123456789012',
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    sourceIp: ['127.0.0.1'],
    username: 'AROAEXAMPLE:backend',
    userArn: 'arn:aws:sts::123456789012:assumed-role/backend/backend',
    cognitoIdentityAuthType: null,
    cognitoIdentityAuthProvider: null,
  },
  headers: {},
};

const apiKey = apiKeyCaller({});
const alice = userPoolCaller('alice');
const aliceByAccessToken = userPoolCaller('alice', [], 'access');
const admin = userPoolCaller('carol', ['staff', 'admins']);

let store: EmbeddedStore;
let client: DynamoDBClient;
let executor: Executor;
let preparer: SubscriptionPreparer;

beforeAll(async () => {
  store = await startEmbeddedStore(mkdtempSync(join(tmpdir(), 'owner-')));
  client = createEmbeddedDynamoClient(store);
  await ensureTable(client, 'Orders');
  const dataSources = { ordersTable: createDynamoDBDataSource(client, 'Orders', createPageTokens('secret')), none: noneDataSource };
  const bound: BoundResolver[] = listResolvers().map((w) => ({
    typeName: w.typeName,
    fieldName: w.fieldName,
    resolver: loadResolverFile(bundlePathOf(w.name), w.name),
    dataSource: dataSources[w.dataSource],
  }));
  executor = new Executor(loadSchemas(), bound);
  preparer = new SubscriptionPreparer(executor, bound);
});
afterAll(async () => {
  client?.destroy();
  await store?.close();
});

const CREATE = 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { store_id order_id user_id timestamp } }';
const LIST =
  'query($store: String!, $user: String) { userOrders(store_id: $store, user_id: $user) { items { order_id user_id } nextToken } }';
const SUBSCRIBE = 'subscription($store: String!, $user: String) { onCreateOrder(store_id: $store, user_id: $user) { order_id } }';

const create = (caller: Caller, store_id: string, order_id: string, user_id?: string): Promise<AppSyncResponse> =>
  executor.execute(
    { query: CREATE, variables: { input: { store_id, order_id, grand_total: 10, ...(user_id === undefined ? {} : { user_id }) } } },
    caller,
  );
const list = (caller: Caller, store: string, user?: string): Promise<AppSyncResponse> =>
  executor.execute({ query: LIST, variables: { store, ...(user === undefined ? {} : { user }) } }, caller);
const created = (res: AppSyncResponse) => (res.data as { createOrder: { user_id: string; timestamp: string } | null }).createOrder;
const listed = (res: AppSyncResponse) => (res.data as { userOrders: { items: { order_id: string; user_id: string }[] } | null }).userOrders;
/** What the store holds of an order, read by the API-key caller's own path (userOrders). */
const ordersOf = async (store: string, user: string) =>
  (listed(await list(apiKey, store, user))?.items ?? []).map((o) => o.order_id).sort();

const denied = (field: string, type: string) => [
  expect.objectContaining({ errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type ${type}`, path: [field] }),
];

describe('createOrder', () => {
  it('API key and IAM callers: user_id as given', async () => {
    expect(created(await create(apiKey, 'c1', 'k1', 'bob'))).toMatchObject({
      user_id: 'bob',
      timestamp: expect.stringMatching(/^bob#\d+$/),
    });
    expect(created(await create(iamCaller, 'c1', 'i1', 'dave'))).toMatchObject({ user_id: 'dave' });
  });

  it('API key and IAM callers without user_id: a ValidationError naming user_id, nothing written', async () => {
    for (const caller of [apiKey, iamCaller]) {
      const res = await create(caller, 'c2', 'missing');
      expect(res.data).toEqual({ createOrder: null });
      expect(res.errors).toEqual([
        expect.objectContaining({
          errorType: 'ValidationError',
          message: 'user_id is required for API-key and IAM callers (only a signed-in user may omit it)',
        }),
      ]);
    }
    // The id the order would have had: no user's list at c2 has it.
    expect(await ordersOf('c2', 'missing')).toEqual([]);
  });

  it('alice omitting user_id creates as alice (id token and access token)', async () => {
    expect(created(await create(alice, 'c3', 'a1'))).toMatchObject({ user_id: 'alice', timestamp: expect.stringMatching(/^alice#\d+$/) });
    expect(created(await create(aliceByAccessToken, 'c3', 'a2'))).toMatchObject({ user_id: 'alice' });
    expect(await ordersOf('c3', 'alice')).toEqual(['a1', 'a2']);
  });

  it('alice giving her own name creates as alice', async () => {
    expect(created(await create(alice, 'c3', 'a3', 'alice'))).toMatchObject({ user_id: 'alice' });
  });

  it('alice as bob: Unauthorized in AppSync’s words, nothing written', async () => {
    const res = await create(alice, 'c4', 'b1', 'bob');
    expect(res.data).toEqual({ createOrder: null });
    expect(res.errors).toEqual(denied('createOrder', 'Mutation'));
    expect(await ordersOf('c4', 'bob')).toEqual([]);
    expect(await ordersOf('c4', 'alice')).toEqual([]);
  });

  it('a name is a whole name: "alic" and "alice " are other users', async () => {
    for (const other of ['alic', 'alice ', 'ALICE']) {
      expect((await create(alice, 'c4', `x-${other.length}`, other)).errors).toEqual(denied('createOrder', 'Mutation'));
    }
  });

  it('an admin creates as bob, and as themselves when user_id is omitted', async () => {
    expect(created(await create(admin, 'c5', 'b1', 'bob'))).toMatchObject({ user_id: 'bob' });
    expect(created(await create(admin, 'c5', 'c1'))).toMatchObject({ user_id: 'carol' });
  });

  it('the group must be exactly admins, from identity.groups or the cognito:groups claim', async () => {
    const notAdmin = userPoolCaller('mallory', ['admin', 'administrators']);
    expect((await create(notAdmin, 'c6', 'b1', 'bob')).errors).toEqual(denied('createOrder', 'Mutation'));
    const claimOnly = userPoolCaller('erin', ['admins']);
    (claimOnly.identity as { groups: unknown }).groups = null;
    expect(created(await create(claimOnly, 'c6', 'b2', 'bob'))).toMatchObject({ user_id: 'bob' });
  });

  it('a signed-in caller without a name is refused', async () => {
    const nameless: Caller = {
      authType: 'AMAZON_COGNITO_USER_POOLS',
      identity: { sub: 'x', issuer: ISSUER, claims: {}, groups: null },
      headers: {},
    };
    expect((await create(nameless, 'c7', 'n1')).errors).toEqual(denied('createOrder', 'Mutation'));
  });

  it('the other rules still apply to a signed-in user', async () => {
    const res = await create(alice, 'c8', 'bad#id');
    expect(res.errors).toEqual([expect.objectContaining({ errorType: 'ValidationError', message: "order_id must not contain '#'" })]);
  });
});

describe('userOrders', () => {
  beforeAll(async () => {
    await create(apiKey, 'u1', 'alice-1', 'alice');
    await create(apiKey, 'u1', 'bob-1', 'bob');
  });

  it('API key and IAM callers: any user’s list; without user_id a ValidationError naming user_id', async () => {
    expect(listed(await list(apiKey, 'u1', 'bob'))?.items).toEqual([{ order_id: 'bob-1', user_id: 'bob' }]);
    expect(listed(await list(iamCaller, 'u1', 'alice'))?.items).toEqual([{ order_id: 'alice-1', user_id: 'alice' }]);
    for (const caller of [apiKey, iamCaller]) {
      const res = await list(caller, 'u1');
      expect(res.data).toEqual({ userOrders: null });
      expect(res.errors).toEqual([
        expect.objectContaining({ errorType: 'ValidationError', message: expect.stringMatching(/^user_id is required/) }),
      ]);
    }
  });

  it('alice lists her own orders, user_id omitted or given', async () => {
    for (const res of [await list(alice, 'u1'), await list(alice, 'u1', 'alice'), await list(aliceByAccessToken, 'u1')]) {
      expect(res.errors).toBeUndefined();
      expect(listed(res)?.items).toEqual([{ order_id: 'alice-1', user_id: 'alice' }]);
    }
  });

  it('alice cannot list bob’s orders', async () => {
    const res = await list(alice, 'u1', 'bob');
    expect(res.data).toEqual({ userOrders: null });
    expect(res.errors).toEqual(denied('userOrders', 'Query'));
  });

  it('an admin lists bob’s orders', async () => {
    expect(listed(await list(admin, 'u1', 'bob'))?.items).toEqual([{ order_id: 'bob-1', user_id: 'bob' }]);
  });
});

describe('onCreateOrder (at subscribe time)', () => {
  const subscribe = (caller: Caller, user?: string) =>
    preparer.prepare({ query: SUBSCRIBE, variables: { store: 's1', ...(user === undefined ? {} : { user }) } }, caller);
  const filterOf = async (caller: Caller, user?: string) => {
    const outcome = await subscribe(caller, user);
    if (!('subscription' in outcome)) throw new Error(JSON.stringify(outcome.errors));
    return outcome.subscription.filter.filterGroup.flatMap((g) => g.filters.map((f) => [f.fieldName, f.operator, f.value]));
  };
  const storeOnly = [['store_id', 'eq', 's1']];
  const ofUser = (user: string) => [
    ['store_id', 'eq', 's1'],
    ['user_id', 'eq', user],
  ];

  it('API key and IAM callers: every user of the store, or the one given', async () => {
    expect(await filterOf(apiKey)).toEqual(storeOnly);
    expect(await filterOf(iamCaller)).toEqual(storeOnly);
    expect(await filterOf(apiKey, 'bob')).toEqual(ofUser('bob'));
  });

  it('alice gets her own orders, user_id omitted or given', async () => {
    expect(await filterOf(alice)).toEqual(ofUser('alice'));
    expect(await filterOf(alice, 'alice')).toEqual(ofUser('alice'));
    expect(await filterOf(aliceByAccessToken)).toEqual(ofUser('alice'));
  });

  it('alice cannot subscribe to bob’s orders', async () => {
    expect(await subscribe(alice, 'bob')).toEqual({
      errors: [
        expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access onCreateOrder on type Subscription' }),
      ],
    });
  });

  it('an admin subscribes to bob’s orders, or (user_id omitted) to every user’s, as an API-key caller may', async () => {
    expect(await filterOf(admin, 'bob')).toEqual(ofUser('bob'));
    expect(await filterOf(admin)).toEqual(storeOnly);
  });
});

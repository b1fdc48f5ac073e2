/**
 * The contract's Identity rules over HTTP, with real tokens of the local user pool (AWS SDK
 * sign-in): who may create and list whose orders, and every way a token can fail AppSync's check
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, decodeJwt, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNAUTHORIZED_BODY } from '../../local/graphql/graphqlRoute.js';
import { addUser, createAdmin, gqlAs, poolOf, signIn, type PoolInfo } from '../../harness/cognito.js';
import { CREATE_ORDER, gql, startLocalServer, type LocalServer } from '../../harness/localServer.js';

const LIST = /* GraphQL */ `
  query List($store_id: String!, $user_id: String) {
    userOrders(store_id: $store_id, user_id: $user_id) {
      items {
        order_id
        user_id
      }
      nextToken
    }
  }
`;

let server: LocalServer;
let pool: PoolInfo;
let alice: Awaited<ReturnType<typeof signIn>>;
let admin: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
  server = await startLocalServer();
  pool = poolOf(server);
  await addUser(pool, 'alice');
  await addUser(pool, 'bob');
  await createAdmin(pool, 'root');
  alice = await signIn(pool, 'alice');
  admin = await signIn(pool, 'root');
});
afterAll(async () => {
  await server?.stop();
});

/** The stored orders of a user at a store, read with the API key (the unrestricted caller). */
async function storedOrders(store: string, user: string): Promise<string[]> {
  const r = await gql(server, LIST, { store_id: store, user_id: user });
  return (r.body.data?.userOrders.items as { order_id: string }[]).map((o) => o.order_id);
}

function denied(field: string, type: string) {
  return { errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type ${type}` };
}

describe('a signed-in user', () => {
  it('creates as themselves, with user_id omitted or given, and lists only their own', async () => {
    const omitted = await gqlAs(server, alice.IdToken, CREATE_ORDER, { input: { store_id: 's1', order_id: 'a1', grand_total: 5 } });
    expect(omitted.status).toBe(200);
    expect(omitted.body.data?.createOrder).toMatchObject({ order_id: 'a1', user_id: 'alice' });
    expect(omitted.body.data?.createOrder.timestamp).toMatch(/^alice#\d+$/);
    const given = await gqlAs(server, alice.IdToken, CREATE_ORDER, {
      input: { store_id: 's1', order_id: 'a2', user_id: 'alice', grand_total: 6 },
    });
    expect(given.body.data?.createOrder).toMatchObject({ order_id: 'a2', user_id: 'alice' });
    const list = await gqlAs(server, alice.IdToken, LIST, { store_id: 's1' });
    expect(list.body.data?.userOrders.items).toEqual([
      { order_id: 'a2', user_id: 'alice' },
      { order_id: 'a1', user_id: 'alice' },
    ]);
  });

  it('with an access token is the same user (its `username` claim)', async () => {
    const r = await gqlAs(server, alice.AccessToken, CREATE_ORDER, { input: { store_id: 's-access', order_id: 'x1', grand_total: 1 } });
    expect(r.body.data?.createOrder).toMatchObject({ user_id: 'alice' });
  });

  it('cannot create as bob: Unauthorized, and nothing is written', async () => {
    const r = await gqlAs(server, alice.IdToken, CREATE_ORDER, {
      input: { store_id: 's2', order_id: 'b1', user_id: 'bob', grand_total: 9 },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ createOrder: null });
    expect(r.body.errors?.[0]).toMatchObject(denied('createOrder', 'Mutation'));
    expect(await storedOrders('s2', 'bob')).toEqual([]);
    // The order id is still free: the denial wrote nothing.
    const byKey = await gql(server, CREATE_ORDER, { input: { store_id: 's2', order_id: 'b1', user_id: 'carol', grand_total: 1 } });
    expect(byKey.body.data?.createOrder).toMatchObject({ user_id: 'carol' });
  });

  it("cannot list bob's orders", async () => {
    await gql(server, CREATE_ORDER, { input: { store_id: 's3', order_id: 'b1', user_id: 'bob', grand_total: 1 } });
    const r = await gqlAs(server, alice.IdToken, LIST, { store_id: 's3', user_id: 'bob' });
    // AppSync does not bubble the null to `data` (local/engine/nullCompletion.ts).
    expect(r.body.data).toEqual({ userOrders: null });
    expect(r.body.errors?.[0]).toMatchObject(denied('userOrders', 'Query'));
  });
});

describe('a signed-in admin (group admins)', () => {
  it("creates as bob and lists bob's orders; omitted user_id means the admin", async () => {
    const r = await gqlAs(server, admin.IdToken, CREATE_ORDER, {
      input: { store_id: 's4', order_id: 'b9', user_id: 'bob', grand_total: 3 },
    });
    expect(r.body.data?.createOrder).toMatchObject({ user_id: 'bob' });
    const list = await gqlAs(server, admin.IdToken, LIST, { store_id: 's4', user_id: 'bob' });
    expect(list.body.data?.userOrders.items).toEqual([{ order_id: 'b9', user_id: 'bob' }]);
    const own = await gqlAs(server, admin.IdToken, CREATE_ORDER, { input: { store_id: 's4', order_id: 'r1', grand_total: 3 } });
    expect(own.body.data?.createOrder).toMatchObject({ user_id: 'root' });
  });
});

describe('tokens AppSync refuses with HTTP 401 UnauthorizedException', () => {
  const poolKey = (): JWK =>
    (JSON.parse(readFileSync(join(server.dataDir, 'cognito', 'pool.json'), 'utf8')) as { signingKey: JWK }).signingKey;

  /** Alice's id-token claims, changed by `change`, signed with the pool's own key unless `key` says otherwise. */
  async function forged(change: Record<string, unknown>, key?: Parameters<SignJWT['sign']>[0], kid?: string): Promise<string> {
    const signingKey = poolKey();
    const claims = { ...decodeJwt(alice.IdToken), ...change };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: kid ?? signingKey.kid! })
      .sign(key ?? (await importJWK(signingKey, 'RS256')));
  }

  const refused = async (authorization: string | null): Promise<void> => {
    const r = await gqlAs(server, authorization, CREATE_ORDER, { input: { store_id: 's-refused', order_id: 'o', grand_total: 1 } });
    expect(r).toEqual({ status: 401, body: UNAUTHORIZED_BODY });
  };

  it('the genuine token re-signed with the pool key is accepted (the forgeries below differ in one point each)', async () => {
    const r = await gqlAs(server, await forged({}), LIST, { store_id: 's1' });
    expect(r.status).toBe(200);
    expect(r.body.data?.userOrders.items.length).toBe(2);
  });

  it('a changed payload (signature no longer matches)', async () => {
    const [header, , signature] = alice.IdToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(alice.IdToken), 'cognito:username': 'bob' })).toString('base64url');
    await refused(`${header}.${payload}.${signature}`);
  });

  it('signed by another key, under the pool key id', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await refused(await forged({}, privateKey));
  });

  it('expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refused(await forged({ iat: now - 7200, exp: now - 3600 }));
  });

  it('of another app client (id token aud; access token client_id)', async () => {
    await refused(await forged({ aud: 'anotherclient0000000000000' }));
    const access = decodeJwt(alice.AccessToken);
    const key = await importJWK(poolKey(), 'RS256');
    await refused(
      await new SignJWT({ ...access, client_id: 'anotherclient0000000000000' })
        .setProtectedHeader({ alg: 'RS256', kid: poolKey().kid! })
        .sign(key),
    );
  });

  it('of another issuer, or with a token_use other than id/access', async () => {
    await refused(await forged({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other' }));
    await refused(await forged({ token_use: 'refresh' }));
    await refused(await forged({ token_use: undefined }));
  });

  it('with a Bearer prefix, the refresh token, alg none, garbage, or no header at all', async () => {
    await refused(`Bearer ${alice.IdToken}`);
    await refused(alice.RefreshToken);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${alice.IdToken.split('.')[1]}.`;
    await refused(unsigned);
    await refused('not-a-token');
    await refused(null);
  });

  it('a wrong x-api-key beside a valid token: the key decides, as AppSync chooses the mode by the header', async () => {
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'wrong', authorization: alice.IdToken },
      body: JSON.stringify({ query: LIST, variables: { store_id: 's1' } }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(UNAUTHORIZED_BODY);
  });
});

describe('API-key callers are unchanged', () => {
  it('create for any user with user_id; a missing user_id is a ValidationError', async () => {
    const r = await gql(server, CREATE_ORDER, { input: { store_id: 's5', order_id: 'k1', user_id: 'zed', grand_total: 1 } });
    expect(r.body.data?.createOrder).toMatchObject({ user_id: 'zed' });
    const missing = await gql(server, CREATE_ORDER, { input: { store_id: 's5', order_id: 'k2', grand_total: 1 } });
    expect(missing.body.errors?.[0]).toMatchObject({ errorType: 'ValidationError' });
  });
});

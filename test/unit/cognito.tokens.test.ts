/**
 * The local pool's tokens: a user's attributes never override a claim Cognito itself sets (issue 24:
 * an attribute named `cognito:username` made the id token name another user). Attributes stored by
 * an earlier version, before writes of such names were refused, are the case here.
 */
import { exportJWK, generateKeyPair, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import type { PoolFile, StoredUser } from '../../local/cognito/poolStore.js';
import { issueTokens } from '../../local/cognito/tokens.js';

async function poolFile(): Promise<PoolFile> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return {
    poolId: 'local_AbCdEfGhI',
    clientId: 'client0000000000000000000a',
    signingKey: { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' },
    refreshKey: Buffer.alloc(32, 1).toString('base64url'),
    groups: ['admins'],
  };
}

const user: StoredUser = {
  username: 'eve',
  sub: '11111111-2222-3333-4444-555555555555',
  passwordHash: 'scrypt$x$y',
  attributes: {
    'cognito:username': 'alice',
    'cognito:groups': 'admins',
    sub: 'alice-sub',
    iss: 'https://attacker.example',
    aud: 'another-client',
    token_use: 'access',
    auth_time: '0',
    exp: '99999999999',
    username: 'alice',
    email: 'eve@example.com',
    email_verified: 'true',
    'custom:role': 'admin',
  },
  groups: [],
  enabled: true,
  created: 0,
  status: 'CONFIRMED',
};

describe('token claims', () => {
  it('the id token: Cognito’s claims win over attributes of the same name; only schema attributes become claims', async () => {
    const pool = await poolFile();
    const tokens = await issueTokens(pool, 'http://127.0.0.1:4000/local_AbCdEfGhI', user, 1_700_000_000, 'origin');
    const id = decodeJwt(tokens.IdToken);
    expect(id).toMatchObject({
      'cognito:username': 'eve',
      sub: user.sub,
      iss: 'http://127.0.0.1:4000/local_AbCdEfGhI',
      aud: pool.clientId,
      token_use: 'id',
      auth_time: 1_700_000_000,
      email: 'eve@example.com',
      email_verified: true,
    });
    expect(id['cognito:groups']).toBeUndefined();
    expect(id.exp! - id.iat!).toBe(3600);
    // Neither a name Cognito reserves nor one outside the pool's schema is a claim.
    for (const name of ['username', 'custom:role']) expect(id[name]).toBeUndefined();
    const access = decodeJwt(tokens.AccessToken);
    expect(access).toMatchObject({ username: 'eve', sub: user.sub, token_use: 'access' });
    expect(access['cognito:groups']).toBeUndefined();
  });
});

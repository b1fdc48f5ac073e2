/**
 * The local user pool's service in-process, on real files in a temporary DATA_DIR and the real crypto
 * thread: what a client may write when a pool does allow sign-up, that an unknown user costs the
 * same work as a wrong password (preventUserExistenceErrors), that hashing leaves the event loop
 * free and its queue is bounded, Cognito's request quotas, and user names at Cognito's limits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { userPoolDefinition } from '../../definitions/userPool.js';
import { CognitoError } from '../../local/cognito/cognitoError.js';
import { sharedCryptoWork, type CryptoWork } from '../../local/cognito/cryptoWork.js';
import { passwordMatches, hashPassword } from '../../local/cognito/password.js';
import { RequestQuotas } from '../../local/cognito/requestQuotas.js';
import { LocalUserPool, type PoolOptions } from '../../local/cognito/userPoolService.js';
import { SRP_A, wrongPasswordClaim } from '../../harness/cognito.js';

const PASSWORD = 'Correct-h0rse';

/** The real crypto thread, counting what each sign-in asks of it. */
function countingCrypto(): CryptoWork & { counts: { scrypt: number; modPow: number }; reset(): void } {
  const counts = { scrypt: 0, modPow: 0 };
  return {
    counts,
    reset: () => Object.assign(counts, { scrypt: 0, modPow: 0 }),
    scrypt: (...args) => ((counts.scrypt += 1), sharedCryptoWork.scrypt(...args)),
    modPow: (...args) => ((counts.modPow += 1), sharedCryptoWork.modPow(...args)),
  };
}

async function openPool(options: PoolOptions = {}): Promise<LocalUserPool> {
  const pool = await LocalUserPool.open(mkdtempSync(join(tmpdir(), 'pool-unit-')), options);
  pool.setBaseUrl('http://127.0.0.1:4000');
  return pool;
}

async function addUser(pool: LocalUserPool, username: string): Promise<void> {
  await pool.run('AdminCreateUser', { UserPoolId: pool.poolId, Username: username }, true);
  await pool.run('AdminSetUserPassword', { UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true }, true);
}

const errorOf = (promise: Promise<unknown>): Promise<{ type: string; message: string } | null> =>
  promise.then(
    () => null,
    (e: unknown) => (e instanceof CognitoError ? { type: e.type, message: e.message } : Promise.reject(e)),
  );

describe('a pool that allows sign-up (a definition with selfSignUpEnabled)', () => {
  const open = () => openPool({ definition: { ...userPoolDefinition, selfSignUpEnabled: true } });
  const signUp = (pool: LocalUserPool, username: string, attributes: Array<{ Name: string; Value: string }>) =>
    pool.run('SignUp', { ClientId: pool.clientId, Username: username, Password: PASSWORD, UserAttributes: attributes }, false);

  it.each(['cognito:username', 'cognito:groups', 'sub', 'identities', 'email_verified', 'custom:role', 'Daniel'])(
    'SignUp writing %s is NotAuthorizedException, and no user is made',
    async (name) => {
      const pool = await open();
      expect(await errorOf(signUp(pool, 'eve', [{ Name: name, Value: 'alice' }]))).toEqual({
        type: 'NotAuthorizedException',
        message: 'A client attempted to write unauthorized attribute',
      });
      expect(pool.store.user('eve')).toBeUndefined();
    },
  );

  it('standard attributes are written, and the id token still names the user who signed up', async () => {
    const printed: string[] = [];
    const pool = await openPool({ definition: { ...userPoolDefinition, selfSignUpEnabled: true }, deliver: (line) => printed.push(line) });
    const signedUp = await signUp(pool, 'eve', [
      { Name: 'name', Value: 'Eve' },
      { Name: 'preferred_username', Value: 'alice' },
    ]);
    expect(signedUp.UserConfirmed).toBe(false);
    const signInAs = { ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'eve', PASSWORD } };
    expect(await errorOf(pool.run('InitiateAuth', signInAs, false))).toEqual({
      type: 'UserNotConfirmedException',
      message: 'User is not confirmed.',
    });
    // The code Cognito would mail, printed where the server's user reads it.
    const code = /ConfirmSignUp code for eve: (\d{6})/.exec(printed.join('\n'))?.[1];
    await pool.run('ConfirmSignUp', { ClientId: pool.clientId, Username: 'eve', ConfirmationCode: code }, false);
    const signedIn = await pool.run(
      'InitiateAuth',
      { ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'eve', PASSWORD } },
      false,
    );
    const id = decodeJwt((signedIn.AuthenticationResult as { IdToken: string }).IdToken);
    expect(id).toMatchObject({ 'cognito:username': 'eve', name: 'Eve', preferred_username: 'alice' });
  });
});

describe('an unknown user costs what a wrong password costs (the same work on the crypto thread)', () => {
  it('USER_PASSWORD_AUTH: one scrypt either way, and the same error', async () => {
    const crypto = countingCrypto();
    const pool = await openPool({ crypto });
    await addUser(pool, 'alice');
    const attempt = async (username: string) => {
      crypto.reset();
      const error = await errorOf(
        pool.run(
          'InitiateAuth',
          { ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Wrong-pass-0ne' } },
          false,
        ),
      );
      return { error, work: { ...crypto.counts } };
    };
    const known = await attempt('alice');
    expect(known).toEqual({
      error: { type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      work: { scrypt: 1, modPow: 0 },
    });
    expect(await attempt('nobody')).toEqual(known);
  });

  it('USER_SRP_AUTH: the same exponentiations for the challenge and for the claim', async () => {
    const crypto = countingCrypto();
    const pool = await openPool({ crypto });
    await addUser(pool, 'alice');
    const attempt = async (username: string) => {
      crypto.reset();
      const challenge = await pool.run(
        'InitiateAuth',
        { ClientId: pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A } },
        false,
      );
      const challengeWork = { ...crypto.counts };
      const p = challenge.ChallengeParameters as Record<string, string>;
      crypto.reset();
      const error = await errorOf(pool.run('RespondToAuthChallenge', wrongPasswordClaim(p, pool.clientId), false));
      return { challengeWork, claimWork: { ...crypto.counts }, error, keys: Object.keys(p).sort() };
    };
    const known = await attempt('alice');
    expect(known.challengeWork).toEqual({ scrypt: 0, modPow: 1 });
    expect(known.claimWork).toEqual({ scrypt: 0, modPow: 2 });
    expect(known.error).toEqual({ type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await attempt('nobody')).toEqual(known);
  });
});

describe('password hashing off the main thread', () => {
  it('the event loop keeps turning while eight passwords are checked', async () => {
    const stored = await hashPassword(PASSWORD);
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 1);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => passwordMatches(i === 0 ? PASSWORD : 'Wrong-pass-0ne', stored)));
    clearInterval(ticker);
    expect(results).toEqual([true, false, false, false, false, false, false, false]);
    // Synchronous scrypt (the code before) ran all eight without a single turn in between.
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('a bounded queue: past it, sign-ins are TooManyRequestsException, and those let in are answered', async () => {
    const pool = await openPool();
    await addUser(pool, 'alice');
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        errorOf(
          pool.run(
            'InitiateAuth',
            { ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Wrong-pass-0ne' } },
            false,
          ),
        ),
      ),
    );
    const types = answers.map((a) => a?.type);
    expect(types.filter((t) => t === 'TooManyRequestsException').length).toBeGreaterThan(0);
    expect(types.filter((t) => t === 'NotAuthorizedException').length).toBeGreaterThan(0);
    expect(types.filter((t) => t !== 'TooManyRequestsException' && t !== 'NotAuthorizedException')).toEqual([]);
  });
});

describe("Cognito's request quotas (token buckets per category)", () => {
  it('120 InitiateAuth a second, RespondToAuthChallenge three times that, UserCreation shared by SignUp and AdminCreateUser', () => {
    let now = 0;
    const quotas = new RequestQuotas(() => now);
    const count = (action: string, tries: number): number => {
      let taken = 0;
      for (let i = 0; i < tries; i += 1) {
        try {
          quotas.take(action);
          taken += 1;
        } catch (error) {
          expect(error).toMatchObject({ type: 'TooManyRequestsException', message: 'Rate exceeded' });
        }
      }
      return taken;
    };
    expect(count('InitiateAuth', 200)).toBe(120);
    expect(count('RespondToAuthChallenge', 500)).toBe(360);
    expect(count('SignUp', 30) + count('AdminCreateUser', 30)).toBe(50);
    expect(count('AdminSetUserPassword', 40)).toBe(30);
    expect(count('AdminAddUserToGroup', 40)).toBe(25);
    expect(count('GetUser', 200)).toBe(120);
    now += 500;
    expect(count('InitiateAuth', 200)).toBe(60);
    now += 10_000;
    expect(count('InitiateAuth', 200)).toBe(120);
  });
});

describe('user names at Cognito’s limit (128 characters)', () => {
  it.each([
    ['128 ASCII characters', 'n'.repeat(128)],
    ['128 two-byte characters', 'é'.repeat(128)],
    ['128 four-byte characters', '😀'.repeat(64)],
    ['an Object method’s name', 'constructor'],
  ])('%s: added, found, signed in', async (_, username) => {
    const pool = await openPool();
    await addUser(pool, username);
    const signedIn = await pool.run(
      'InitiateAuth',
      { ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD } },
      false,
    );
    expect(decodeJwt((signedIn.AuthenticationResult as { IdToken: string }).IdToken)['cognito:username']).toBe(username);
  });
});

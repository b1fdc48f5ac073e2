/**
 * What the local user pool refuses, as the stack's Cognito pool refuses it (issue 24): sign-ups (the
 * stack allows none), writes of attributes no client may write (`cognito:username`, `sub`…),
 * `Admin*` calls whose SigV4 signature is not the local key's, credentials a web page has no use
 * for in the CORS preflight, oversized values and bodies, requests past the pool's quotas, and
 * answers that would tell a user who exists from one who does not.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InvalidParameterException,
  NotAuthorizedException,
  SignUpCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { SignatureV4 } from '@smithy/signature-v4';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256 } from '../../local/auth/sha256.js';
import {
  addUser,
  cognitoClient,
  gqlAs,
  PASSWORD,
  poolOf,
  signIn,
  SRP_A,
  wrongPasswordClaim,
  type PoolInfo,
} from '../../harness/cognito.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;
let pool: PoolInfo;

beforeAll(async () => {
  server = await startLocalServer();
  pool = poolOf(server);
  await addUser(pool, 'alice');
  await addUser(pool, 'mallory');
});
afterAll(async () => {
  await server?.stop();
});

const TARGET = 'AWSCognitoIdentityProviderService.';

/** One raw call of the pool's JSON protocol: status, error type header and body text. */
async function call(action: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${pool.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}${action}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), text: await res.text() };
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

const UNAUTHORIZED_ATTRIBUTE = 'A client attempted to write unauthorized attribute';

describe('no sign-up: the stack disables it, and so does the local pool (definitions/userPool.ts)', () => {
  it("SignUp is Cognito's NotAuthorizedException, and no user is made — not even with cognito:username", async () => {
    const attempt = await failure(
      cognitoClient(pool).send(
        new SignUpCommand({
          ClientId: pool.clientId,
          Username: 'eve',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'cognito:username', Value: 'alice' }],
        }),
      ),
    );
    expect(attempt).toBeInstanceOf(NotAuthorizedException);
    expect((attempt as Error).message).toBe('SignUp is not permitted for this user pool');
    await expect(signIn(pool, 'eve')).rejects.toBeInstanceOf(NotAuthorizedException);
  });
});

describe('attributes no client may write', () => {
  it.each(['cognito:username', 'cognito:groups', 'sub', 'identities', 'custom:role', 'Daniel'])(
    'AdminCreateUser with %s is NotAuthorizedException, and the user is not made',
    async (name) => {
      const username = `attr-${name.replace(/\W/g, '-')}`;
      const client = cognitoClient(pool);
      const attempt = await failure(
        client.send(
          new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, UserAttributes: [{ Name: name, Value: 'alice' }] }),
        ),
      );
      expect(attempt).toBeInstanceOf(NotAuthorizedException);
      expect((attempt as Error).message).toBe(UNAUTHORIZED_ATTRIBUTE);
      const next = await failure(
        client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true })),
      );
      expect(next).toBeInstanceOf(UserNotFoundException);
    },
  );

  it("a user's standard attributes reach the id token; the token's own claims are never an attribute's", async () => {
    await addUser(pool, 'carol', PASSWORD, [
      { Name: 'name', Value: 'Carol' },
      { Name: 'email', Value: 'carol@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ]);
    const claims = decodeJwt((await signIn(pool, 'carol')).IdToken);
    expect(claims).toMatchObject({ 'cognito:username': 'carol', name: 'Carol', email: 'carol@example.com', email_verified: true });
    const orders = await gqlAs(
      server,
      (await signIn(pool, 'carol')).IdToken,
      '{ userOrders(store_id: "s", user_id: "alice") { items { order_id } } }',
    );
    expect(orders.body.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
  });
});

describe("Cognito's size limits", () => {
  it('an attribute value of 2,049 characters is InvalidParameterException; 2,048 is taken', async () => {
    const client = cognitoClient(pool);
    const long = await failure(
      client.send(
        new AdminCreateUserCommand({
          UserPoolId: pool.poolId,
          Username: 'long1',
          UserAttributes: [{ Name: 'name', Value: 'x'.repeat(2049) }],
        }),
      ),
    );
    expect(long).toBeInstanceOf(InvalidParameterException);
    expect((long as Error).message).toBe(
      "1 validation error detected: Value at 'userAttributes.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048",
    );
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.poolId,
        Username: 'long2',
        UserAttributes: [{ Name: 'name', Value: 'x'.repeat(2048) }],
      }),
    );
  });

  it('a user name over 128 characters and a password over 256 are InvalidParameterException', async () => {
    const client = cognitoClient(pool);
    const name = await failure(client.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'n'.repeat(129) })));
    expect(name).toBeInstanceOf(InvalidParameterException);
    expect((name as Error).message).toBe(
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
    const password = await failure(
      client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: pool.poolId,
          Username: 'alice',
          Password: `Aa1!${'p'.repeat(253)}`,
          Permanent: true,
        }),
      ),
    );
    expect(password).toBeInstanceOf(InvalidParameterException);
    expect((password as Error).message).toBe(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
  });

  it('a body over 1 MB is HTTP 413 in the JSON protocol’s error shape, and the server still answers', async () => {
    const big = await call('InitiateAuth', JSON.stringify({ ClientId: pool.clientId, pad: 'x'.repeat(1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.errorType).toBe('RequestEntityTooLargeException');
    expect(JSON.parse(big.text)).toEqual({ __type: 'RequestEntityTooLargeException', message: 'Request body exceeds 1048576 bytes' });
    expect((await signIn(pool, 'alice')).IdToken).toMatch(/^eyJ/);
  });
});

describe('Admin* actions: the signature must be the local key’s, for cognito-idp', () => {
  const signedBy = async (
    action: string,
    body: unknown,
    credentials: { accessKeyId: string; secretAccessKey: string },
    service = 'cognito-idp',
  ): Promise<Awaited<ReturnType<typeof call>>> => {
    const url = new URL(pool.endpoint);
    const text = JSON.stringify(body);
    const signer = new SignatureV4({ credentials, region: 'us-east-1', service, sha256: Sha256 });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}${action}` },
      body: text,
    });
    return call(action, text, signed.headers);
  };

  it('Signature=0, another key, a wrong secret or another service: 403, and mallory is still no admin with her own password', async () => {
    const key = pool.credentials!;
    const promote = { UserPoolId: pool.poolId, Username: 'mallory', GroupName: 'admins' };
    const takeOver = { UserPoolId: pool.poolId, Username: 'alice', Password: 'Mallory-0wns-you', Permanent: true };
    const zero = await call('AdminAddUserToGroup', promote, {
      authorization: `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/20240101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
      'x-amz-date': '20240101T000000Z',
    });
    expect(zero.status).toBe(403);
    expect(zero.errorType).toBe('InvalidSignatureException');
    const attempts = [
      [
        await signedBy('AdminAddUserToGroup', promote, { accessKeyId: 'AKIAOTHERKEY00000000', secretAccessKey: key.secretAccessKey }),
        'UnrecognizedClientException',
      ],
      [
        await signedBy('AdminSetUserPassword', takeOver, { ...key, secretAccessKey: 'not-the-local-secret-0000000000000000' }),
        'InvalidSignatureException',
      ],
      [await signedBy('AdminSetUserPassword', takeOver, key, 'appsync'), 'InvalidSignatureException'],
    ] as const;
    for (const [answer, type] of attempts) {
      expect(answer.status).toBe(403);
      expect(answer.errorType).toBe(type);
      expect(JSON.parse(answer.text)).toMatchObject({ __type: type });
    }
    expect(decodeJwt((await signIn(pool, 'mallory')).IdToken)['cognito:groups']).toBeUndefined();
    await expect(signIn(pool, 'alice', 'Mallory-0wns-you')).rejects.toBeInstanceOf(NotAuthorizedException);
    expect((await signIn(pool, 'alice')).IdToken).toMatch(/^eyJ/);
  });

  it('signed with the local key for cognito-idp: done (what npm run user and the AWS SDK send)', async () => {
    await addUser(pool, 'trent');
    const ok = await signedBy(
      'AdminAddUserToGroup',
      { UserPoolId: pool.poolId, Username: 'trent', GroupName: 'admins' },
      pool.credentials!,
    );
    expect(ok.status).toBe(200);
    await cognitoClient(pool).send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: 'trent', GroupName: 'admins' }));
    expect(decodeJwt((await signIn(pool, 'trent')).IdToken)['cognito:groups']).toEqual(['admins']);
  });
});

describe("CORS: a web page gets what aws-amplify's sign-in sends, and no credentials", () => {
  it('the preflight allows no authorization or other SigV4 header', async () => {
    const res = await fetch(`${pool.endpoint}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://attacker.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target',
      },
    });
    expect(res.status).toBe(204);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(',');
    // aws-amplify's Cognito client (@aws-amplify/auth cognitoUserPoolTransferHandler, core's retry and user-agent middleware).
    expect(allowed).toEqual(
      expect.arrayContaining([
        'content-type',
        'x-amz-target',
        'x-amz-user-agent',
        'cache-control',
        'amz-sdk-invocation-id',
        'amz-sdk-request',
      ]),
    );
    for (const credential of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'])
      expect(allowed).not.toContain(credential);
  });
});

describe('user existence: an unknown name is answered as a known one with a wrong password', () => {
  const challenge = async (username: string) => {
    const answer = await call('InitiateAuth', {
      ClientId: pool.clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: username, SRP_A },
    });
    return { answer, parameters: JSON.parse(answer.text).ChallengeParameters as Record<string, string> };
  };
  const wrongClaim = (parameters: Record<string, string>) => call('RespondToAuthChallenge', wrongPasswordClaim(parameters, pool.clientId));

  it('USER_PASSWORD_AUTH: the same status, headers and body for a wrong password and for nobody', async () => {
    const known = await call('InitiateAuth', {
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'Wrong-pass-0ne' },
    });
    const unknown = await call('InitiateAuth', {
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'nobody-here', PASSWORD: 'Wrong-pass-0ne' },
    });
    expect(unknown).toEqual(known);
    expect(JSON.parse(known.text)).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('USER_SRP_AUTH: a challenge of the same shape for nobody (a stable salt per name), then the same NotAuthorizedException', async () => {
    const known = await challenge('alice');
    const unknown = await challenge('nobody-here');
    expect(unknown.answer.status).toBe(200);
    expect(Object.keys(JSON.parse(unknown.answer.text)).sort()).toEqual(Object.keys(JSON.parse(known.answer.text)).sort());
    expect(Object.keys(unknown.parameters).sort()).toEqual(Object.keys(known.parameters).sort());
    for (const p of [known.parameters, unknown.parameters]) {
      expect(p.CHALLENGE_NAME).toBe('PASSWORD_VERIFIER');
      expect(p.SALT).toMatch(/^[0-9a-f]{32}$/);
      expect(p.SRP_B).toMatch(/^[0-9a-f]+$/);
    }
    expect(unknown.parameters.USER_ID_FOR_SRP).toBe('nobody-here');
    expect((await challenge('nobody-here')).parameters.SALT).toBe(unknown.parameters.SALT);
    expect((await challenge('nobody-else')).parameters.SALT).not.toBe(unknown.parameters.SALT);
    const knownEnd = await wrongClaim(known.parameters);
    const unknownEnd = await wrongClaim(unknown.parameters);
    expect(unknownEnd).toEqual(knownEnd);
    expect(JSON.parse(knownEnd.text)).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});

describe('NEW_PASSWORD_REQUIRED: only the session the sign-in handed out sets the password', () => {
  it('a made-up Session is NotAuthorizedException "Invalid session for the user."; the real one signs in', async () => {
    const client = cognitoClient(pool);
    await client.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'newbie', TemporaryPassword: 'Temporary-Pa55' }));
    const forged = await call('RespondToAuthChallenge', {
      ClientId: pool.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 'any-session-at-all',
      ChallengeResponses: { USERNAME: 'newbie', NEW_PASSWORD: 'Mallory-0wns-you' },
    });
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.text)).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    await expect(signIn(pool, 'newbie', 'Mallory-0wns-you')).rejects.toBeInstanceOf(NotAuthorizedException);

    const started = await call('InitiateAuth', {
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'newbie', PASSWORD: 'Temporary-Pa55' },
    });
    const { ChallengeName, Session } = JSON.parse(started.text) as { ChallengeName: string; Session: string };
    expect(ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const otherUser = await call('RespondToAuthChallenge', {
      ClientId: pool.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session,
      ChallengeResponses: { USERNAME: 'alice', NEW_PASSWORD: 'Mallory-0wns-you' },
    });
    expect(JSON.parse(otherUser.text)).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid session for the user.' });
    const done = await call('RespondToAuthChallenge', {
      ClientId: pool.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session,
      ChallengeResponses: { USERNAME: 'newbie', NEW_PASSWORD: 'Newbie-Pa55word' },
    });
    expect(done.status).toBe(200);
    expect((await signIn(pool, 'newbie', 'Newbie-Pa55word')).IdToken).toMatch(/^eyJ/);
  });
});

// Last: it empties the UserAuthentication bucket the other tests sign in with.
describe('request quotas (Cognito’s per-category rates)', () => {
  it('past the UserAuthentication rate, InitiateAuth is TooManyRequestsException "Rate exceeded"', async () => {
    // Bursts of cheap calls (a flow the client does not have) until one is refused: any rate above
    // 120 a second drains the bucket, however slowly this machine answers.
    const answers: Awaited<ReturnType<typeof call>>[] = [];
    for (let burst = 0; burst < 10 && !answers.some((a) => a.errorType === 'TooManyRequestsException'); burst += 1)
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 300 }, () =>
            call('InitiateAuth', { ClientId: pool.clientId, AuthFlow: 'NO_SUCH_FLOW', AuthParameters: {} }),
          ),
        )),
      );
    const throttled = answers.filter((a) => a.errorType === 'TooManyRequestsException');
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0]).toMatchObject({ status: 400 });
    expect(JSON.parse(throttled[0]!.text)).toEqual({ __type: 'TooManyRequestsException', message: 'Rate exceeded' });
    expect(answers.filter((a) => a.errorType === 'InvalidParameterException').length).toBeGreaterThanOrEqual(120);
  }, 60_000);
});

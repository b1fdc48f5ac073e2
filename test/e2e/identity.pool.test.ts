/**
 * The local user pool speaks Amazon Cognito's user-pool API: the unmodified AWS SDK client and
 * aws-amplify's signIn (its default SRP flow, and USER_PASSWORD_AUTH) work against it given its
 * endpoint; its errors reach the SDK as Cognito's exception classes; its tokens verify against
 * its JWKS; users, groups and keys survive a restart; `npm run user` adds people (the stack's pool
 * takes no sign-ups: definitions/userPool.ts). What the pool refuses: identity.poolDefences.test.ts.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  GetUserCommand,
  InitiateAuthCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  ResourceNotFoundException,
  SignUpCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { fetchAuthSession, signIn as amplifySignIn, signOut } from 'aws-amplify/auth';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { readRealUserPool, SettingsError } from '../../local/config.js';
import { jwksUrl, realPoolIssuer } from '../../local/auth/tokenVerifier.js';
import { addUser, cognitoClient, gqlAs, PASSWORD, poolOf, signIn, type PoolInfo } from '../../harness/cognito.js';
import { startLocalServer, tempDataDir, type LocalServer } from '../../harness/localServer.js';

const run = promisify(execFile);
let server: LocalServer;
let pool: PoolInfo;
const dataDir = tempDataDir();

beforeAll(async () => {
  server = await startLocalServer({ dataDir });
  pool = poolOf(server);
});
afterAll(async () => {
  await server?.stop();
});

describe('the ready line', () => {
  it('names the pool as the contract says: Cognito <endpoint> user pool <poolId> client <clientId>', () => {
    expect(pool.endpoint).toBe(server.url);
    expect(pool.poolId).toMatch(/^local_[0-9A-Za-z]{9}$/);
    expect(pool.clientId).toMatch(/^[0-9a-z]{26}$/);
  });
});

describe('the AWS SDK against the local pool', () => {
  it('adds a user as an administrator does (signed with the local key), signs in, refreshes, and reads the user', async () => {
    const client = cognitoClient(pool);
    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.poolId,
        Username: 'dana',
        UserAttributes: [{ Name: 'email', Value: 'dana@example.com' }],
      }),
    );
    expect(created.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    expect(sub).toMatch(/^[0-9a-f-]{36}$/);
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: 'dana', Password: PASSWORD, Permanent: true }));
    const tokens = await signIn(pool, 'dana');
    const id = decodeJwt(tokens.IdToken);
    expect(id).toMatchObject({
      sub,
      'cognito:username': 'dana',
      aud: pool.clientId,
      token_use: 'id',
      iss: `${server.url}/${pool.poolId}`,
      email: 'dana@example.com',
    });
    expect(id.exp! - id.iat!).toBe(3600);
    expect(decodeJwt(tokens.AccessToken)).toMatchObject({
      sub,
      username: 'dana',
      client_id: pool.clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
    });

    const refreshed = await client.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
      }),
    );
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect(decodeJwt(refreshed.AuthenticationResult!.IdToken!)).toMatchObject({ 'cognito:username': 'dana', auth_time: id.auth_time });

    const user = await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    expect(user.Username).toBe('dana');
    expect(user.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'sub', Value: sub },
        { Name: 'email', Value: 'dana@example.com' },
      ]),
    );
  });

  it("answers in Cognito's error shape, which the SDK turns into its exception classes", async () => {
    const client = cognitoClient(pool);
    await addUser(pool, 'erin');
    const idToken = (await signIn(pool, 'erin')).IdToken;
    // Thunks: each request is sent only when its turn comes, so no rejection waits unhandled.
    const attempts: Array<[() => Promise<unknown>, new (...args: never[]) => Error, string]> = [
      [
        () =>
          client.send(
            new InitiateAuthCommand({
              ClientId: pool.clientId,
              AuthFlow: 'USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: 'erin', PASSWORD: 'Wrong-pass-0ne' },
            }),
          ),
        NotAuthorizedException,
        'Incorrect username or password.',
      ],
      [
        () =>
          client.send(
            new InitiateAuthCommand({
              ClientId: pool.clientId,
              AuthFlow: 'USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: 'nobody', PASSWORD: PASSWORD },
            }),
          ),
        NotAuthorizedException,
        'Incorrect username or password.',
      ],
      [
        () => client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'fay', Password: PASSWORD })),
        NotAuthorizedException,
        'SignUp is not permitted for this user pool',
      ],
      [
        () => client.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'erin' })),
        UsernameExistsException,
        'User already exists',
      ],
      [
        () =>
          client.send(
            new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: 'erin', Password: 'Passw0rd!', Permanent: true }),
          ),
        InvalidPasswordException,
        'Password did not conform with policy: Password not long enough',
      ],
      [
        () => client.send(new SignUpCommand({ ClientId: 'nosuchclient', Username: 'fay', Password: PASSWORD })),
        ResourceNotFoundException,
        'User pool client nosuchclient does not exist.',
      ],
      [() => client.send(new GetUserCommand({ AccessToken: idToken })), NotAuthorizedException, 'Invalid Access Token'],
      [
        () =>
          client.send(
            new InitiateAuthCommand({
              ClientId: pool.clientId,
              AuthFlow: 'REFRESH_TOKEN_AUTH',
              AuthParameters: { REFRESH_TOKEN: 'garbage' },
            }),
          ),
        NotAuthorizedException,
        'Invalid Refresh Token',
      ],
      [
        () => client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: 'erin', GroupName: 'nope' })),
        ResourceNotFoundException,
        'Group not found.',
      ],
    ];
    for (const [attempt, type, message] of attempts) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toBe(message);
      expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
    }
  });

  it('speaks the raw protocol as the README shows it with curl; Admin actions want a SigV4-signed request', async () => {
    await addUser(pool, 'ivy');
    const call = (action: string, body: unknown) =>
      fetch(`${pool.endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
        body: JSON.stringify(body),
      });
    const ok = await call('InitiateAuth', {
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ivy', PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(
      decodeJwt(((await ok.json()) as { AuthenticationResult: { IdToken: string } }).AuthenticationResult.IdToken)['cognito:username'],
    ).toBe('ivy');
    const unsigned = await call('AdminAddUserToGroup', { UserPoolId: pool.poolId, Username: 'ivy', GroupName: 'admins' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    expect(decodeJwt((await signIn(pool, 'ivy')).IdToken)['cognito:groups']).toBeUndefined();
  });

  it("issues tokens that verify against the pool's JWKS at <issuer>/.well-known/jwks.json", async () => {
    await addUser(pool, 'gus');
    const { IdToken } = await signIn(pool, 'gus');
    const issuer = `${server.url}/${pool.poolId}`;
    const { payload, protectedHeader } = await jwtVerify(IdToken, createRemoteJWKSet(jwksUrl(issuer)), { issuer, audience: pool.clientId });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload['cognito:username']).toBe('gus');
  });
});

describe('aws-amplify signIn, unmodified, given the endpoint (Auth.Cognito.userPoolEndpoint)', () => {
  beforeAll(() => {
    Amplify.configure({
      Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, userPoolEndpoint: pool.endpoint } },
      API: { GraphQL: { endpoint: server.graphqlUrl, region: 'us-east-1', defaultAuthMode: 'userPool' } },
    });
  });

  it.each(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const)(
    '%s: signs in, and its token calls /graphql as that user',
    async (authFlowType) => {
      const username = `amp-${authFlowType.toLowerCase().replace(/_/g, '-')}`;
      await addUser(pool, username);
      const result = await amplifySignIn({ username, password: PASSWORD, options: { authFlowType } });
      expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      const session = await fetchAuthSession();
      expect(session.tokens?.idToken?.payload['cognito:username']).toBe(username);
      const created = (await generateClient().graphql({
        query: 'mutation C($input: CreateOrderInput!) { createOrder(input: $input) { user_id } }',
        variables: { input: { store_id: 'amp', order_id: username, grand_total: 1 } },
      })) as { data: { createOrder: { user_id: string } } };
      expect(created.data.createOrder.user_id).toBe(username);
      await signOut();
    },
  );

  it('a wrong password through SRP is NotAuthorizedException', async () => {
    await addUser(pool, 'amp-wrong');
    await expect(amplifySignIn({ username: 'amp-wrong', password: 'Wrong-pass-0ne' })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  // A check that compared case-folded passwords would let every one of these in.
  it.each(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const)(
    '%s: the password with its letters in the other case is NotAuthorizedException',
    async (authFlowType) => {
      const username = `amp-case-${authFlowType.toLowerCase().replace(/_/g, '-')}`;
      await addUser(pool, username);
      const swapped = [...PASSWORD].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
      for (const password of [swapped, PASSWORD.toLowerCase(), PASSWORD.toUpperCase()]) {
        expect(password).not.toBe(PASSWORD);
        await expect(amplifySignIn({ username, password, options: { authFlowType } })).rejects.toMatchObject({
          name: 'NotAuthorizedException',
        });
      }
      expect(await amplifySignIn({ username, password: PASSWORD, options: { authFlowType } })).toMatchObject({ isSignedIn: true });
      await signOut();
    },
  );
});

describe('npm run user, and persistence in DATA_DIR', () => {
  it('adds an admin while the server runs; users, groups, ids and key survive a restart', async () => {
    const cli = await run(process.execPath, ['--import', 'tsx', 'scripts/user.ts', 'add', 'boss', '--password', PASSWORD, '--admin'], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: dataDir },
    });
    expect(cli.stdout).toContain(`Added boss (group admins) to user pool ${pool.poolId}`);
    const before = await signIn(pool, 'boss');
    expect(decodeJwt(before.IdToken)['cognito:groups']).toEqual(['admins']);
    const again = await run(process.execPath, ['--import', 'tsx', 'scripts/user.ts', 'add', 'boss', '--password', PASSWORD], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: dataDir },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('UsernameExistsException: User already exists') });

    await server.stop();
    server = await startLocalServer({ dataDir });
    const restarted = poolOf(server);
    expect(restarted.poolId).toBe(pool.poolId);
    expect(restarted.clientId).toBe(pool.clientId);
    pool = restarted;
    // A token issued before the restart on the same port would still verify; here the port changed, and with it the issuer.
    const after = await signIn(pool, 'boss');
    expect(decodeJwt(after.IdToken)['cognito:groups']).toEqual(['admins']);
    const list = await gqlAs(server, after.IdToken, 'query { userOrders(store_id: "x", user_id: "anyone") { items { order_id } } }');
    expect(list.body.data?.userOrders.items).toEqual([]);
  });
});

describe('USER_POOL_ID + USER_POOL_CLIENT_ID: a real pool instead', () => {
  it("reads the pool, derives AWS's issuer and JWKS, and refuses inconsistent settings", () => {
    const config = readRealUserPool({ USER_POOL_ID: 'eu-west-1_AbC123xyZ', USER_POOL_CLIENT_ID: '1example23456789' });
    expect(config).toEqual({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123xyZ', clientId: '1example23456789' });
    expect(realPoolIssuer(config!)).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ');
    expect(jwksUrl(realPoolIssuer(config!)).href).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ/.well-known/jwks.json',
    );
    expect(readRealUserPool({})).toBeUndefined();
    expect(() => readRealUserPool({ USER_POOL_ID: 'eu-west-1_AbC123xyZ' })).toThrow(SettingsError);
    expect(() => readRealUserPool({ USER_POOL_ID: 'local_abc', USER_POOL_CLIENT_ID: 'x' })).toThrow(SettingsError);
    expect(() => readRealUserPool({ USER_POOL_ID: 'eu-west-1_AbC123xyZ', USER_POOL_CLIENT_ID: 'x', AWS_REGION: 'us-east-1' })).toThrow(
      SettingsError,
    );
  });

  it("prints the real pool in the ready line and refuses the local pool's tokens (another issuer; no network needed)", async () => {
    const real = await startLocalServer({ env: { USER_POOL_ID: 'eu-west-1_AbC123xyZ', USER_POOL_CLIENT_ID: '1example23456789' } });
    try {
      expect(poolOf(real)).toMatchObject({
        endpoint: 'https://cognito-idp.eu-west-1.amazonaws.com',
        poolId: 'eu-west-1_AbC123xyZ',
        clientId: '1example23456789',
      });
      const localPool = poolOf({ readyLine: real.readyLine.replace(/Cognito .*/, `Cognito ${real.url} user pool x client y`) });
      expect(localPool.endpoint).toBe(real.url);
      await addUser(pool, 'hal');
      const foreign = await signIn(pool, 'hal');
      const r = await gqlAs(real, foreign.IdToken, 'query { userOrders(store_id: "x") { items { order_id } } }');
      expect(r.status).toBe(401);
    } finally {
      await real.stop();
    }
  });
});

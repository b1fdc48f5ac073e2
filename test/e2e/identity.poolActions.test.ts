/**
 * The local user pool's account actions through the real AWS SDK client, against the server: what an
 * app on Amplify Auth does after sign-in (ForgotPassword / ConfirmForgotPassword with the code the
 * server prints on stderr, ChangePassword, GlobalSignOut), an admin script's ListUsers, AdminGetUser,
 * AdminRemoveUserFromGroup, AdminDeleteUser — and ConfirmSignUp in a pool that takes no sign-ups.
 * Each answers with Cognito's documented errors; IAM-authorized ones need the local key; an unknown
 * name is never told apart from a known one where the client prevents user existence errors.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, cognitoClient, createAdmin, PASSWORD, poolOf, signIn, type PoolInfo } from '../../harness/cognito.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

/** In its own process: the codes are read from what it prints. */
let server: LocalServer & { output(): string };
let pool: PoolInfo;

beforeAll(async () => {
  server = await startLocalServer({ launcher: 'tsx' });
  pool = poolOf(server);
});
afterAll(async () => {
  await server?.stop();
});

/** The error an SDK call ends in: its name and message. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('the call succeeded');
}

/** The last code the server printed for `username` (where Cognito would have mailed it). */
async function printedCode(username: string, purpose: string): Promise<string> {
  const pattern = new RegExp(`${purpose} code for ${username}: (\\d{6})`, 'g');
  let code: string | undefined;
  await expect
    .poll(() => {
      code = [...server.output().matchAll(pattern)].pop()?.[1];
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code!;
}

const NEW_PASSWORD = 'Another-h0rse!';

/** How a REFRESH_TOKEN_AUTH with `refreshToken` fails. */
const refreshFailure = (refreshToken: string) =>
  failure(
    cognitoClient(pool).send(
      new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    ),
  );

describe('forgotten password', () => {
  it('ForgotPassword prints a code; ConfirmForgotPassword with it sets the new password and ends old sessions', async () => {
    const client = cognitoClient(pool);
    await addUser(pool, 'frank', PASSWORD, [{ Name: 'email', Value: 'frank@example.com' }]);
    const before = await signIn(pool, 'frank');
    const sent = await client.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: 'frank' }));
    expect(sent.CodeDeliveryDetails).toEqual({ Destination: 'f***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = await printedCode('frank', 'ConfirmForgotPassword');
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      await failure(
        client.send(
          new ConfirmForgotPasswordCommand({ ClientId: pool.clientId, Username: 'frank', ConfirmationCode: wrong, Password: NEW_PASSWORD }),
        ),
      ),
    ).toEqual({ name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' });
    await client.send(
      new ConfirmForgotPasswordCommand({ ClientId: pool.clientId, Username: 'frank', ConfirmationCode: code, Password: NEW_PASSWORD }),
    );
    // Spent: the same code again is an expired one.
    expect(
      (
        await failure(
          client.send(
            new ConfirmForgotPasswordCommand({
              ClientId: pool.clientId,
              Username: 'frank',
              ConfirmationCode: code,
              Password: NEW_PASSWORD,
            }),
          ),
        )
      ).name,
    ).toBe('ExpiredCodeException');
    expect((await failure(signIn(pool, 'frank'))).name).toBe('NotAuthorizedException');
    expect((await signIn(pool, 'frank', NEW_PASSWORD)).IdToken).toMatch(/^eyJ/);
    expect(await refreshFailure(before.RefreshToken)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it('answers an unknown name as a known one: a delivery, then CodeMismatchException', async () => {
    const client = cognitoClient(pool);
    const unknown = await client.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: 'nobody-here' }));
    expect(unknown.CodeDeliveryDetails).toMatchObject({ Destination: expect.stringMatching(/^.\*\*\*@.\*\*\*$/), DeliveryMedium: 'EMAIL' });
    const again = await client.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: 'nobody-here' }));
    expect(again.CodeDeliveryDetails).toEqual(unknown.CodeDeliveryDetails);
    expect(
      await failure(
        client.send(
          new ConfirmForgotPasswordCommand({
            ClientId: pool.clientId,
            Username: 'nobody-here',
            ConfirmationCode: '123456',
            Password: NEW_PASSWORD,
          }),
        ),
      ),
    ).toEqual({ name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' });
    expect(server.output()).not.toMatch(/code for nobody-here/);
  });

  it('sends no code to a user who never set a password (FORCE_CHANGE_PASSWORD), and answers as for anyone', async () => {
    const client = cognitoClient(pool);
    await client.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'newbie' }));
    const sent = await client.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: 'newbie' }));
    expect(sent.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(server.output()).not.toMatch(/code for newbie/);
  });
});

describe('a signed-in user', () => {
  it('ChangePassword needs the current password; GlobalSignOut revokes the refresh token and the access token', async () => {
    const client = cognitoClient(pool);
    await addUser(pool, 'gina');
    const tokens = await signIn(pool, 'gina');
    expect(
      await failure(
        client.send(
          new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: 'Wrong-h0rse-1', ProposedPassword: NEW_PASSWORD }),
        ),
      ),
    ).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(
      (
        await failure(
          client.send(
            new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'short' }),
          ),
        )
      ).name,
    ).toBe('InvalidPasswordException');
    await client.send(
      new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD }),
    );
    const fresh = await signIn(pool, 'gina', NEW_PASSWORD);

    await client.send(new GlobalSignOutCommand({ AccessToken: fresh.AccessToken }));
    expect(await failure(client.send(new GetUserCommand({ AccessToken: fresh.AccessToken })))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    expect(await refreshFailure(fresh.RefreshToken)).toEqual({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    // A sign-in after the sign-out is a new session, in the same millisecond or not.
    const next = await signIn(pool, 'gina', NEW_PASSWORD);
    expect((await client.send(new GetUserCommand({ AccessToken: next.AccessToken }))).Username).toBe('gina');
  });

  it('ConfirmSignUp: a confirmed user cannot be confirmed again, an unknown name is a code mismatch', async () => {
    const client = cognitoClient(pool);
    await addUser(pool, 'hank');
    expect(
      await failure(client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: 'hank', ConfirmationCode: '123456' }))),
    ).toEqual({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
    expect(
      (
        await failure(
          client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: 'nobody-here', ConfirmationCode: '123456' })),
        )
      ).name,
    ).toBe('CodeMismatchException');
  });
});

describe('an admin script (signed with the local IAM key)', () => {
  it('ListUsers pages and filters; AdminGetUser, AdminListGroupsForUser, AdminRemoveUserFromGroup, AdminDeleteUser', async () => {
    const client = cognitoClient(pool);
    await createAdmin(pool, 'ivy');
    await addUser(pool, 'ivan', PASSWORD, [{ Name: 'email', Value: 'ivan@example.com' }]);
    const all = await client.send(new ListUsersCommand({ UserPoolId: pool.poolId }));
    expect(all.Users!.map((u) => u.Username)).toEqual(expect.arrayContaining(['ivy', 'ivan']));
    const first = await client.send(new ListUsersCommand({ UserPoolId: pool.poolId, Limit: 1, Filter: 'username ^= "iv"' }));
    const second = await client.send(
      new ListUsersCommand({ UserPoolId: pool.poolId, Limit: 1, Filter: 'username ^= "iv"', PaginationToken: first.PaginationToken }),
    );
    expect([first.Users![0]!.Username, second.Users![0]!.Username]).toEqual(['ivan', 'ivy']);
    expect(second.PaginationToken).toBeUndefined();
    const byEmail = await client.send(new ListUsersCommand({ UserPoolId: pool.poolId, Filter: 'email = "ivan@example.com"' }));
    expect(byEmail.Users!.map((u) => u.Username)).toEqual(['ivan']);
    expect((await failure(client.send(new ListUsersCommand({ UserPoolId: pool.poolId, Filter: 'custom:x = "1"' })))).name).toBe(
      'InvalidParameterException',
    );

    const ivy = await client.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'ivy' }));
    expect(ivy).toMatchObject({ Username: 'ivy', UserStatus: 'CONFIRMED', Enabled: true });
    expect(ivy.UserAttributes!.map((a) => a.Name)).toContain('sub');
    expect(
      (await client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.poolId, Username: 'ivy' }))).Groups!.map((g) => g.GroupName),
    ).toEqual(['admins']);
    await client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.poolId, Username: 'ivy', GroupName: 'admins' }));
    expect((await client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.poolId, Username: 'ivy' }))).Groups).toEqual([]);

    await client.send(new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: 'ivan' }));
    expect(await failure(client.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'ivan' })))).toEqual({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    expect((await failure(signIn(pool, 'ivan'))).name).toBe('NotAuthorizedException');
  });

  it('refuses ListUsers and the new Admin* actions without the local key', async () => {
    const stranger = cognitoClient(pool, { accessKeyId: 'AKIANOTTHELOCALKEY00', secretAccessKey: 'not-the-local-secret' });
    for (const command of [
      new ListUsersCommand({ UserPoolId: pool.poolId }),
      new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'ivy' }),
      new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: 'ivy' }),
    ]) {
      expect((await failure(stranger.send(command as never))).name).toBe('UnrecognizedClientException');
    }
    const unsigned = await fetch(`${pool.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers' },
      body: JSON.stringify({ UserPoolId: pool.poolId }),
    });
    expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });
});

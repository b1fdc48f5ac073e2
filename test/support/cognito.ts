/**
 * Signing in to a local server's user pool with the unmodified AWS SDK client, and calling
 * /graphql with the token in `Authorization`, as AppSync clients do.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { GraphQLResult, LocalServer } from './localServer.js';

export interface PoolInfo {
  endpoint: string;
  poolId: string;
  clientId: string;
}

/** The ready line's `Cognito <endpoint> user pool <poolId> client <clientId>` (contract: Identity). */
export function poolOf(server: Pick<LocalServer, 'readyLine'>): PoolInfo {
  const match = /Cognito (\S+) user pool (\S+) client (\S+)/.exec(server.readyLine);
  if (!match) throw new Error(`no Cognito part in the ready line: ${server.readyLine}`);
  return { endpoint: match[1]!, poolId: match[2]!, clientId: match[3]! };
}

/** The SDK client pointed at the local pool (any credentials: the Admin* actions are SigV4-signed). */
export function cognitoClient(pool: PoolInfo): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export const PASSWORD = 'Correct-h0rse';

export async function signUp(pool: PoolInfo, username: string, password = PASSWORD): Promise<void> {
  await cognitoClient(pool).send(new SignUpCommand({ ClientId: pool.clientId, Username: username, Password: password }));
}

export async function signIn(
  pool: PoolInfo,
  username: string,
  password = PASSWORD,
): Promise<Required<Pick<AuthenticationResultType, 'IdToken' | 'AccessToken' | 'RefreshToken'>>> {
  const out = await cognitoClient(pool).send(
    new InitiateAuthCommand({
      ClientId: pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const r = out.AuthenticationResult!;
  return { IdToken: r.IdToken!, AccessToken: r.AccessToken!, RefreshToken: r.RefreshToken! };
}

/** An admin as `npm run user -- add NAME --admin` makes one: AdminCreateUser, a permanent password, group `admins`. */
export async function createAdmin(pool: PoolInfo, username: string, password = PASSWORD): Promise<void> {
  const client = cognitoClient(pool);
  await client.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: password, Permanent: true }));
  await client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: username, GroupName: 'admins' }));
}

/** POST /graphql with `Authorization: <authorization>` (null: no header) and no API key. */
export async function gqlAs<T = Record<string, any>>(
  server: Pick<LocalServer, 'graphqlUrl'>,
  authorization: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  const res = await fetch(server.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as GraphQLResult<T>['body'] };
}

/**
 * Signing in to a local server's user pool with the unmodified AWS SDK client, and calling
 * /graphql with the token in `Authorization`, as AppSync clients do. The stack's pool takes no
 * sign-ups (definitions/userPool.ts): users are added as an administrator adds them, with the
 * `Admin*` actions signed by the server's IAM key (DATA_DIR/iam-credentials.json), as
 * `npm run user` does.
 */
import { createDiffieHellman, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  type AttributeType,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { N_HEX } from '../local/cognito/srp.js';
import type { GraphQLResult, LocalServer } from './localServer.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PoolInfo {
  endpoint: string;
  poolId: string;
  clientId: string;
  /** The server's IAM key, when its DATA_DIR is known: what the `Admin*` actions must be signed with. */
  credentials?: Credentials;
}

/** The local IAM key a server made in its DATA_DIR (`credential_process` JSON), if there is one. */
export function iamKeyOf(dataDir: string): Credentials | undefined {
  const path = join(dataDir, 'iam-credentials.json');
  if (!existsSync(path)) return undefined;
  const file = JSON.parse(readFileSync(path, 'utf8')) as { AccessKeyId: string; SecretAccessKey: string };
  return { accessKeyId: file.AccessKeyId, secretAccessKey: file.SecretAccessKey };
}

/** The ready line's `Cognito <endpoint> user pool <poolId> client <clientId>` (contract: Identity), and the server's key. */
export function poolOf(server: Pick<LocalServer, 'readyLine'> & Partial<Pick<LocalServer, 'dataDir'>>): PoolInfo {
  const match = /Cognito (\S+) user pool (\S+) client (\S+)/.exec(server.readyLine);
  if (!match) throw new Error(`no Cognito part in the ready line: ${server.readyLine}`);
  const credentials = server.dataDir ? iamKeyOf(server.dataDir) : undefined;
  return { endpoint: match[1]!, poolId: match[2]!, clientId: match[3]!, ...(credentials ? { credentials } : {}) };
}

/**
 * The SDK client pointed at the local pool. It signs the `Admin*` actions with `credentials` (the
 * server's key by default); the other actions are sent unsigned, as the SDK sends them to AWS.
 */
export function cognitoClient(pool: PoolInfo, credentials: Credentials | undefined = pool.credentials): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: 'us-east-1',
    credentials: credentials ?? { accessKeyId: 'AKIANOTTHELOCALKEY00', secretAccessKey: 'not-the-local-secret' },
  });
}

export const PASSWORD = 'Correct-h0rse';

/** A user as `npm run user -- add NAME` makes one: AdminCreateUser, then a permanent password. */
export async function addUser(pool: PoolInfo, username: string, password = PASSWORD, attributes: AttributeType[] = []): Promise<void> {
  const client = cognitoClient(pool);
  await client.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, UserAttributes: attributes }));
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: password, Permanent: true }));
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
  await addUser(pool, username, password);
  await cognitoClient(pool).send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: username, GroupName: 'admins' }));
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

/** A client's SRP_A for USER_SRP_AUTH: g^a mod N in RFC 5054's 3072-bit group, as aws-amplify makes one. */
export const SRP_A = createDiffieHellman(Buffer.from(N_HEX, 'hex'), Buffer.from([2])).generateKeys('hex');

/**
 * A PASSWORD_VERIFIER answer to a USER_SRP_AUTH challenge (its ChallengeParameters) whose claim no
 * password made: the pool does the whole check before it refuses — what a wrong password costs.
 */
export function wrongPasswordClaim(challenge: Record<string, string>, clientId: string): Record<string, unknown> {
  return {
    ClientId: clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: {
      USERNAME: challenge.USER_ID_FOR_SRP,
      PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: randomBytes(32).toString('base64'),
      TIMESTAMP: new Date().toUTCString(),
    },
  };
}

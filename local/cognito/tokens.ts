/**
 * The local pool's tokens, shaped like Amazon Cognito's: RS256 id and access tokens (claims as in
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
 * and …-using-the-access-token.html), valid as definitions/userPool.ts says (the stack's one hour),
 * and an encrypted refresh token (Cognito's are JWEs too; clients treat it as opaque). Cognito's own
 * claims are written after the user's attributes: no attribute can stand in for one (issue 24).
 */
import { randomUUID } from 'node:crypto';
import { base64url, EncryptJWT, importJWK, jwtDecrypt, SignJWT, type JWK } from 'jose';
import { userPoolDefinition, type UserPoolDefinition } from '../../definitions/userPool.js';
import { attributeClaims } from './attributes.js';
import type { PoolFile, StoredUser } from './poolStore.js';

const HOUR = 3600;
const REFRESH_VALIDITY_SECONDS = userPoolDefinition.tokenValidity.refreshTokenDays * 24 * HOUR;

export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  RefreshToken?: string;
}

/** The public half of the signing key: what `/<poolId>/.well-known/jwks.json` serves. */
export function publicJwk(key: JWK): JWK {
  const { kty, n, e, kid, alg, use } = key;
  return { kty, n, e, kid, alg, use } as JWK;
}

async function sign(pool: PoolFile, claims: Record<string, unknown>, now: number, validitySeconds: number): Promise<string> {
  const key = await importJWK(pool.signingKey, 'RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: pool.signingKey.kid! })
    .setIssuedAt(now)
    .setExpirationTime(now + validitySeconds)
    .setJti(randomUUID())
    .sign(key);
}

/** Id and access tokens for a user; `authTime` is the sign-in this session started with. */
export async function issueTokens(
  pool: PoolFile,
  issuer: string,
  user: StoredUser,
  authTime: number,
  originJti: string,
  definition: UserPoolDefinition = userPoolDefinition,
): Promise<AuthenticationResult> {
  const now = Math.floor(Date.now() / 1000);
  const eventId = randomUUID();
  const groups = user.groups.length > 0 ? { 'cognito:groups': user.groups } : {};
  const idValidity = definition.tokenValidity.idTokenHours * HOUR;
  const accessValidity = definition.tokenValidity.accessTokenHours * HOUR;
  const idToken = await sign(
    pool,
    {
      ...attributeClaims(user.attributes, definition),
      sub: user.sub,
      ...groups,
      iss: issuer,
      'cognito:username': user.username,
      origin_jti: originJti,
      aud: pool.clientId,
      event_id: eventId,
      token_use: 'id',
      auth_time: authTime,
    },
    now,
    idValidity,
  );
  const accessToken = await sign(
    pool,
    {
      sub: user.sub,
      ...groups,
      iss: issuer,
      client_id: pool.clientId,
      origin_jti: originJti,
      event_id: eventId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: authTime,
      username: user.username,
    },
    now,
    accessValidity,
  );
  return { AccessToken: accessToken, ExpiresIn: accessValidity, TokenType: 'Bearer', IdToken: idToken };
}

export async function issueRefreshToken(pool: PoolFile, username: string, authTime: number, originJti: string): Promise<string> {
  return new EncryptJWT({ username, auth_time: authTime, origin_jti: originJti, client_id: pool.clientId })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${REFRESH_VALIDITY_SECONDS}s`)
    .encrypt(base64url.decode(pool.refreshKey));
}

/** The session a refresh token carries, or null when it is not one of this pool's (or expired). */
export async function readRefreshToken(
  pool: PoolFile,
  token: string,
): Promise<{ username: string; authTime: number; originJti: string } | null> {
  try {
    const { payload } = await jwtDecrypt(token, base64url.decode(pool.refreshKey));
    if (
      typeof payload.username !== 'string' ||
      typeof payload.auth_time !== 'number' ||
      typeof payload.origin_jti !== 'string' ||
      payload.client_id !== pool.clientId
    )
      return null;
    return { username: payload.username, authTime: payload.auth_time, originJti: payload.origin_jti };
  } catch {
    return null;
  }
}

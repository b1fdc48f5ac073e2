/**
 * Verifies a Cognito user-pool token as AppSync does before a resolver runs: RS256 signature
 * against the pool's JWKS, `iss` = the pool, `token_use` `id` or `access`, the app client (`aud`
 * of an id token, `client_id` of an access token), and `exp`. AWS lists exactly these checks in
 * "Verifying a JSON Web Token"
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html).
 * The JWT work is jose's (`jwtVerify`: signature, algorithm, `iss`, `exp`); nothing hand-written.
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, type JWK, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export type TokenUse = 'id' | 'access';

export interface TokenVerifier {
  issuer: string;
  clientId: string;
  /** The claims of a token valid for this pool and client, or null (any failure: AppSync's one 401). */
  verify(token: string, uses?: readonly TokenUse[]): Promise<JWTPayload | null>;
}

/** What a real pool's verifier reads (USER_POOL_ID, USER_POOL_CLIENT_ID, AWS_REGION). */
export interface RealPoolConfig {
  region: string;
  userPoolId: string;
  clientId: string;
}

/** AWS's issuer for a pool: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
export function realPoolIssuer(config: RealPoolConfig): string {
  return `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
}

/** The JWKS of an issuer: `<issuer>/.well-known/jwks.json`, for AWS's pools and the local one alike. */
export function jwksUrl(issuer: string): URL {
  return new URL(`${issuer}/.well-known/jwks.json`);
}

export function createTokenVerifier(issuer: string, clientId: string, keys: JWTVerifyGetKey): TokenVerifier {
  return {
    issuer,
    clientId,
    async verify(token, uses = ['id', 'access']) {
      let payload: JWTPayload;
      try {
        // Another issuer's token is refused before any key is fetched (a real pool's JWKS is remote).
        if (decodeJwt(token).iss !== issuer) return null;
        ({ payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'], requiredClaims: ['exp', 'sub'] }));
      } catch {
        return null;
      }
      const use = payload.token_use;
      if (use !== 'id' && use !== 'access') return null;
      if (!uses.includes(use)) return null;
      const client = use === 'id' ? payload.aud : payload.client_id;
      return client === clientId ? payload : null;
    },
  };
}

/** The local pool's verifier: its public key, in process. */
export function localPoolVerifier(issuer: string, clientId: string, publicKey: JWK): TokenVerifier {
  return createTokenVerifier(issuer, clientId, createLocalJWKSet({ keys: [publicKey] }));
}

/** A real pool's verifier: AWS's JWKS, fetched on first use and cached (jose). */
export function realPoolVerifier(config: RealPoolConfig): TokenVerifier {
  const issuer = realPoolIssuer(config);
  return createTokenVerifier(issuer, config.clientId, createRemoteJWKSet(jwksUrl(issuer)));
}

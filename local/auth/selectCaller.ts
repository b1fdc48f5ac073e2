/**
 * Which authorization mode admits a request, decided as AppSync decides it, by what the request
 * carries (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html, "Using
 * additional authorization modes"): an `x-api-key` header → API_KEY; a SigV4 `Authorization`
 * (`AWS4-HMAC-SHA256 …`) → AWS_IAM, its signature verified (local/auth/sigv4Verifier.ts); any other
 * `Authorization` → a user-pool token, verified. Nothing, or a key or token that fails its check →
 * AppSync's HTTP 401 UnauthorizedException; a signature that fails → AWS's own 403 for it.
 * The token is the header's whole value: AppSync refuses `Bearer <token>` with a 401 ("I was able
 * to solve this by removing the string "Bearer"", https://github.com/aws/aws-appsync-community/issues/198).
 */
import { apiKeyMatches } from './apiKey.js';
import { apiKeyCaller, type Caller, type CognitoUserPoolsIdentity, type IamIdentity } from '../engine/caller.js';
import { LOCAL_ACCOUNT_ID, LOCAL_IAM_USER_NAME } from './iamCredentials.js';
import { verifySignature, type SignedRequest, type VerifierSettings } from './sigv4Verifier.js';
import type { TokenVerifier } from './tokenVerifier.js';

export interface AuthModes {
  apiKey: string;
  userPool: TokenVerifier;
  iam: VerifierSettings;
}

/** Why a request was refused: the HTTP status and AppSync's `{errorType, message}`. */
export interface AuthRefusal {
  refused: true;
  status: number;
  errorType: string;
  message: string;
}

export const UNAUTHORIZED: AuthRefusal = {
  refused: true,
  status: 401,
  errorType: 'UnauthorizedException',
  message: 'You are not authorized to make this call.',
};

export const isRefusal = (result: Caller | AuthRefusal): result is AuthRefusal => 'refused' in result;

export const SIGV4 = /^AWS4-HMAC-SHA256\s/;

/**
 * `authHeaders`: the HTTP headers, or the real-time `{host, x-api-key | Authorization | SigV4 headers}`
 * object, names lower-cased. `headers`: what resolvers see as `ctx.request.headers`. `signed`: the
 * rest of what a SigV4 signature covers (method, path, query, body); without it a signature is refused.
 */
export async function selectCaller(
  modes: AuthModes,
  authHeaders: Record<string, string>,
  headers: Record<string, string>,
  sourceIp: string | undefined,
  signed?: Omit<SignedRequest, 'headers'>,
): Promise<Caller | AuthRefusal> {
  const apiKey = authHeaders['x-api-key'];
  if (apiKey !== undefined) return apiKeyMatches(apiKey, modes.apiKey) ? apiKeyCaller(headers) : UNAUTHORIZED;
  const authorization = authHeaders.authorization;
  if (!authorization) return UNAUTHORIZED;
  if (SIGV4.test(authorization)) {
    if (!signed) return UNAUTHORIZED;
    const check = await verifySignature({ ...signed, headers: authHeaders }, modes.iam);
    if (!check.ok) return { refused: true, ...check.refusal };
    return { authType: 'AWS_IAM', identity: iamIdentity(sourceIp), headers };
  }
  const claims = await modes.userPool.verify(authorization);
  if (!claims) return UNAUTHORIZED;
  return { authType: 'AMAZON_COGNITO_USER_POOLS', identity: cognitoIdentity(claims, sourceIp), headers };
}

const sourceIps = (sourceIp: string | undefined): string[] => (sourceIp ? [sourceIp.replace(/^::ffff:/, '')] : []);

/**
 * `ctx.identity` of the local IAM user (the key in DATA_DIR/iam-credentials.json), with the eight
 * keys of the resolver context reference
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html).
 */
function iamIdentity(sourceIp: string | undefined): IamIdentity {
  return {
    accountId: LOCAL_ACCOUNT_ID,
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    sourceIp: sourceIps(sourceIp),
    username: 'AIDALOCALDEVELOPER00',
    userArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/${LOCAL_IAM_USER_NAME}`,
    cognitoIdentityAuthType: null,
    cognitoIdentityAuthProvider: null,
  };
}

/**
 * `ctx.identity` of a user-pool caller, as the resolver context reference gives it
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html):
 * `sub`, `issuer`, `username` (`cognito:username` of an id token, `username` of an access token),
 * every claim, `sourceIp`, `defaultAuthStrategy`, `groups`.
 */
export function cognitoIdentity(claims: Record<string, unknown>, sourceIp: string | undefined): CognitoUserPoolsIdentity {
  const groups = claims['cognito:groups'];
  const username = claims['cognito:username'] ?? claims.username;
  return {
    sub: String(claims.sub),
    issuer: String(claims.iss),
    username: typeof username === 'string' ? username : String(claims.sub),
    claims,
    sourceIp: sourceIps(sourceIp),
    defaultAuthStrategy: 'ALLOW',
    groups: Array.isArray(groups) ? groups.map(String) : null,
  };
}

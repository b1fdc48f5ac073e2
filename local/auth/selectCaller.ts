/**
 * Which authorization mode admits a request, decided as AppSync decides it, by what the request
 * carries (https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html, "Using
 * additional authorization modes"): an `x-api-key` header → API_KEY; a SigV4 `Authorization`
 * (`AWS4-HMAC-SHA256 …`) → AWS_IAM; any other `Authorization` → a user-pool token, verified.
 * Nothing, or anything that fails its check → null (AppSync's HTTP 401 UnauthorizedException).
 * The token is the header's whole value: AppSync refuses `Bearer <token>` with a 401 ("I was able
 * to solve this by removing the string "Bearer"", https://github.com/aws/aws-appsync-community/issues/198).
 */
import { apiKeyMatches } from '../appsync/apiKey.js';
import { apiKeyCaller, type Caller, type CognitoUserPoolsIdentity } from '../appsync/caller.js';
import type { TokenVerifier } from './tokenVerifier.js';

export interface AuthModes {
  apiKey: string;
  userPool: TokenVerifier;
}

const SIGV4 = /^AWS4-HMAC-SHA256\s/;

/**
 * `authHeaders`: the HTTP headers, or the real-time `{host, x-api-key | Authorization}` object,
 * names lower-cased. `headers`: what resolvers see as `ctx.request.headers`.
 */
export async function selectCaller(
  modes: AuthModes,
  authHeaders: Record<string, string>,
  headers: Record<string, string>,
  sourceIp: string | undefined,
): Promise<Caller | null> {
  const apiKey = authHeaders['x-api-key'];
  if (apiKey !== undefined) return apiKeyMatches(apiKey, modes.apiKey) ? apiKeyCaller(headers) : null;
  const authorization = authHeaders.authorization;
  // IAM needs AWS credentials to verify, which the local runtime does not have: refused, as before.
  if (!authorization || SIGV4.test(authorization)) return null;
  const claims = await modes.userPool.verify(authorization);
  if (!claims) return null;
  return { authType: 'AMAZON_COGNITO_USER_POOLS', identity: cognitoIdentity(claims, sourceIp), headers };
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
    sourceIp: sourceIp ? [sourceIp.replace(/^::ffff:/, '')] : [],
    defaultAuthStrategy: 'ALLOW',
    groups: Array.isArray(groups) ? groups.map(String) : null,
  };
}

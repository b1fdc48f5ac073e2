/**
 * Who is calling, as AppSync tells resolvers: the authorization mode that admitted the request
 * (`util.authType()`) and `ctx.identity`, whose shape depends on that mode.
 * - Runtime utilities (`util.authType()`):
 *   https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html
 * - Context object reference (`identity` per mode; null for API keys):
 *   https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html
 */

/** AppSync's authorization modes (the `authenticationType` names). */
export type AuthType = 'API_KEY' | 'AWS_IAM' | 'AMAZON_COGNITO_USER_POOLS' | 'OPENID_CONNECT' | 'AWS_LAMBDA';

/** `ctx.identity` of an AWS_IAM caller. */
export interface IamIdentity {
  accountId: string;
  cognitoIdentityPoolId: string | null;
  cognitoIdentityId: string | null;
  sourceIp: string[];
  username: string;
  userArn: string;
  cognitoIdentityAuthType: string | null;
  cognitoIdentityAuthProvider: string | null;
}

/** `ctx.identity` of an AMAZON_COGNITO_USER_POOLS caller (OPENID_CONNECT has sub, issuer, claims too). */
export interface CognitoUserPoolsIdentity {
  sub: string;
  issuer: string;
  username: string;
  claims: Record<string, unknown>;
  sourceIp: string[];
  defaultAuthStrategy: 'ALLOW' | 'DENY';
  groups: string[] | null;
}

export type Identity = IamIdentity | CognitoUserPoolsIdentity | Record<string, unknown>;

/** Who is calling: `identity` is null for API keys. */
export interface Caller {
  authType: AuthType;
  identity: Identity | null;
  headers: Record<string, string>;
}

/** What `util.authType()` returns for each mode (AppSync's strings). */
export const AUTH_TYPE_NAMES: Record<AuthType, string> = {
  API_KEY: 'API Key Authorization',
  AWS_IAM: 'IAM Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
};

/** An API-key caller: AppSync gives such resolvers `ctx.identity === null`. */
export function apiKeyCaller(headers: Record<string, string>): Caller {
  return { authType: 'API_KEY', identity: null, headers };
}

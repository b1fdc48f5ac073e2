/**
 * The Orders API's AppSync authorization modes (the contract's "Errors and auth" and "Identity"):
 * - API key, the default, unless a stage turns it off (`-c apiKey=false`: every client signs in);
 * - IAM, always: the REST shims and back-end services sign their requests with SigV4;
 * - Cognito user pools: tokens of one pool and one app client (`appIdClientRegex` holds them to
 *   that client, as the contract asks); the default mode (with ALLOW) when there is no API key.
 * https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html
 */
import { Expiration } from 'aws-cdk-lib';
import { AuthorizationType, UserPoolDefaultAction, type AuthorizationConfig, type AuthorizationMode } from 'aws-cdk-lib/aws-appsync';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { apiKeyExpiresEpochSeconds } from './apiKeyExpiry.js';

/** The pool and app client whose tokens the API accepts. */
export interface ApiUserPool {
  readonly userPool: IUserPool;
  readonly clientId: string;
}

export interface ApiAuthorizationOptions {
  /** Names the API key, e.g. `orders-api-dev`. */
  readonly name: string;
  /** Whether the API has an API key (the default mode). */
  readonly apiKey: boolean;
  /** Days until the API key expires (apiKeyExpiry.ts). */
  readonly apiKeyExpiryDays: number;
  /**
   * The key's name in the stack (`-c apiKeyName=`): a new name makes CloudFormation replace the key —
   * create the new one, then delete the old — which is how docs/operations.md rotates it.
   * @default undefined — aws-cdk-lib's `Default` (logical id `…DefaultApiKey…`)
   */
  readonly apiKeyName?: string;
  readonly userPool: ApiUserPool | undefined;
}

/** An exact-match regex for one client id (client ids are letters and digits). */
export function exactClientRegex(clientId: string): string {
  return `^${clientId}$`;
}

export function apiAuthorizationConfig(options: ApiAuthorizationOptions): AuthorizationConfig {
  const iam: AuthorizationMode = { authorizationType: AuthorizationType.IAM };
  const userPoolMode = (defaultAction?: UserPoolDefaultAction): AuthorizationMode | undefined =>
    options.userPool === undefined
      ? undefined
      : {
          authorizationType: AuthorizationType.USER_POOL,
          userPoolConfig: {
            userPool: options.userPool.userPool,
            appIdClientRegex: exactClientRegex(options.userPool.clientId),
            // Only the default mode has a default action; the schema's directives decide the rest.
            ...(defaultAction !== undefined ? { defaultAction } : {}),
          },
        };

  if (!options.apiKey) {
    const signedIn = userPoolMode(UserPoolDefaultAction.ALLOW);
    if (signedIn === undefined) throw new Error('apiKey false needs a user pool: without a key, clients sign in to it');
    return { defaultAuthorization: signedIn, additionalAuthorizationModes: [iam] };
  }
  const signedIn = userPoolMode();
  return {
    defaultAuthorization: {
      authorizationType: AuthorizationType.API_KEY,
      apiKeyConfig: {
        ...(options.apiKeyName !== undefined ? { name: checkedApiKeyName(options.apiKeyName) } : {}),
        description: `${options.name} default key`,
        // A whole hour that AppSync accepts for any 1–365 days (see apiKeyExpiry.ts).
        expires: Expiration.atTimestamp(apiKeyExpiresEpochSeconds(Date.now(), options.apiKeyExpiryDays) * 1000),
      },
    },
    additionalAuthorizationModes: signedIn === undefined ? [iam] : [iam, signedIn],
  };
}

/** A key name becomes part of a construct id (`<name>ApiKey`): letters and digits, starting with a letter. */
function checkedApiKeyName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]{0,31}$/.test(name))
    throw new Error(`apiKeyName "${name}": use 1–32 letters and digits, starting with a letter`);
  return name;
}

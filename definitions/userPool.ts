/**
 * The API's Amazon Cognito user pool: the one definition read by the CDK stack
 * (infra/lib/OrdersUserPool.ts) and by the local pool (local/cognito/), so a request the local pool
 * takes is one the deployed pool takes. Plain data: no CDK types here (the stack maps them).
 */

/**
 * The standard attributes of every Cognito user pool (OpenID Connect's claims):
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
export const STANDARD_ATTRIBUTES = [
  'address',
  'birthdate',
  'email',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
] as const;

/** Set by Cognito's verification, or by an administrator (AdminCreateUser / AdminUpdateUserAttributes); never by the app client. */
export const VERIFIED_ATTRIBUTES = ['email_verified', 'phone_number_verified'] as const;

export interface UserPoolGroupDefinition {
  readonly name: string;
  readonly description: string;
  readonly precedence: number;
}

export interface UserPoolDefinition {
  /** false: only an administrator adds users (AdminCreateUser; locally `npm run user`); SignUp is refused. */
  readonly selfSignUpEnabled: boolean;
  readonly passwordPolicy: {
    readonly minLength: number;
    readonly requireLowercase: boolean;
    readonly requireUppercase: boolean;
    readonly requireDigits: boolean;
    readonly requireSymbols: boolean;
    readonly tempPasswordValidityDays: number;
  };
  readonly groups: readonly UserPoolGroupDefinition[];
  /** The app client's: an unknown user is answered as a known one with a wrong password. */
  readonly preventUserExistenceErrors: boolean;
  readonly authFlows: { readonly userSrp: boolean; readonly userPassword: boolean };
  readonly tokenValidity: { readonly idTokenHours: number; readonly accessTokenHours: number; readonly refreshTokenDays: number };
  /** What the app client may write (SignUp, UpdateUserAttributes): attribute names as Cognito spells them. */
  readonly clientWriteAttributes: readonly string[];
  /** The pool's custom attributes, without the `custom:` prefix (none: Cognito refuses writes of any other). */
  readonly customAttributes: readonly string[];
}

/** The group whose members may act for any user (resolvers/lib/owner.ts names it too). */
export const ADMINS_GROUP = 'admins';

export const userPoolDefinition: UserPoolDefinition = {
  // Users are made by an administrator; no public sign-up on the internet.
  selfSignUpEnabled: false,
  passwordPolicy: {
    minLength: 12,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: true,
    tempPasswordValidityDays: 3,
  },
  groups: [{ name: ADMINS_GROUP, description: 'May create and list orders of any user, and subscribe to them', precedence: 0 }],
  preventUserExistenceErrors: true,
  authFlows: { userSrp: true, userPassword: true },
  tokenValidity: { idTokenHours: 1, accessTokenHours: 1, refreshTokenDays: 30 },
  clientWriteAttributes: STANDARD_ATTRIBUTES,
  customAttributes: [],
};

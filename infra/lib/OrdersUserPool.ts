/**
 * The Amazon Cognito user pool whose users sign in to the Orders API (the contract's "Identity"):
 * a pool made here, or an existing one given by id; one app client without a secret for SRP and
 * USER_PASSWORD_AUTH sign-in; and (in a pool made here) the group `admins`, whose members may act
 * for any user. AppSync accepts tokens of this pool and client (OrdersGraphqlApi's USER_POOL mode).
 * Its settings (sign-up, password policy, groups, user existence errors, what the client may write)
 * come from definitions/userPool.ts, which the local pool (local/cognito/) reads too.
 *
 * Decisions on cdk-nag's Cognito findings (the reasons are in addNagAcknowledgements):
 * - COG1 (password policy): fixed — at least 12 characters with lower- and upper-case letters,
 *   digits and symbols.
 * - COG2 (MFA required): MFA is OPTIONAL with TOTP only by default (no SMS: no SNS role, no SMS
 *   charges); `mfa: Mfa.REQUIRED` makes every user enrol.
 * - COG8 (Plus plan, i.e. threat protection, formerly "advanced security"): LITE by default, because
 *   Plus has no free tier and is charged for every monthly active user; `featurePlan:
 *   FeaturePlan.PLUS` turns threat protection on (then ENFORCED). Costs: docs/deploy.md.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-threat-protection.html
 */
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolGroup,
  type IUserPool,
  type StandardAttributesMask,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ADMINS_GROUP, userPoolDefinition, type UserPoolDefinition } from '../../definitions/userPool.js';

/** The group whose members may act for any user (resolvers/lib/owner.ts reads the same name). */
export const ADMINS_GROUP_NAME = ADMINS_GROUP;

/** Cognito's attribute names as CDK's StandardAttributesMask spells them. */
const MASK_KEYS: Record<string, keyof StandardAttributesMask> = {
  address: 'address',
  birthdate: 'birthdate',
  email: 'email',
  email_verified: 'emailVerified',
  family_name: 'familyName',
  gender: 'gender',
  given_name: 'givenName',
  locale: 'locale',
  middle_name: 'middleName',
  name: 'fullname',
  nickname: 'nickname',
  phone_number: 'phoneNumber',
  phone_number_verified: 'phoneNumberVerified',
  picture: 'profilePicture',
  preferred_username: 'preferredUsername',
  profile: 'profilePage',
  updated_at: 'lastUpdateTime',
  website: 'website',
  zoneinfo: 'timezone',
};

/** What the app client may write, from the definition (Cognito refuses the rest: NotAuthorizedException). */
function clientWriteAttributes(definition: UserPoolDefinition): ClientAttributes {
  const mask: Record<string, boolean> = {};
  for (const name of definition.clientWriteAttributes) {
    const key = MASK_KEYS[name];
    if (!key) throw new Error(`definitions/userPool.ts: ${name} is not a standard attribute`);
    mask[key] = true;
  }
  return new ClientAttributes().withStandardAttributes(mask as StandardAttributesMask).withCustomAttributes(...definition.customAttributes);
}

/** What a user pool id looks like: `<region>_<id>`, e.g. `us-east-1_AbCdEf123`. */
export const USER_POOL_ID_PATTERN = /^[\w-]+_[0-9a-zA-Z]+$/;

export interface OrdersUserPoolProps {
  /** Names the pool and the client, e.g. `orders-api-dev`. */
  readonly name: string;
  /**
   * Use this existing pool instead of making one. The stack then adds only its app client; the
   * pool's owner keeps its settings and its groups (create `admins` there for admins).
   * @default a new pool
   */
  readonly existingUserPoolId?: string;
  /**
   * What happens to a pool made here on stack deletion; RETAIN also turns on deletion protection.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** @default Mfa.OPTIONAL (TOTP only) */
  readonly mfa?: Mfa;
  /** @default FeaturePlan.LITE */
  readonly featurePlan?: FeaturePlan;
}

export class OrdersUserPool extends Construct {
  /** The pool (made here, or the existing one). */
  public readonly userPool: IUserPool;
  /** The app client whose tokens the API accepts. */
  public readonly client: UserPoolClient;
  /** The `admins` group; undefined for an existing pool (its owner manages its groups). */
  public readonly adminsGroup: UserPoolGroup | undefined;
  public readonly userPoolId: string;
  public readonly clientId: string;

  constructor(scope: Construct, id: string, props: OrdersUserPoolProps) {
    super(scope, id);
    const existing = props.existingUserPoolId;
    if (existing !== undefined && !USER_POOL_ID_PATTERN.test(existing)) {
      throw new Error(`userPoolId "${existing}" is not a user pool id (expected <region>_<id>)`);
    }
    const definition = userPoolDefinition;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const featurePlan = props.featurePlan ?? FeaturePlan.LITE;

    if (existing !== undefined) {
      this.userPool = UserPool.fromUserPoolId(this, 'UserPool', existing);
      this.adminsGroup = undefined;
    } else {
      const pool = new UserPool(this, 'UserPool', {
        userPoolName: `${props.name}-users`,
        selfSignUpEnabled: definition.selfSignUpEnabled,
        // The contract's user name is the token's cognito:username: users sign in by user name.
        signInAliases: { username: true },
        passwordPolicy: {
          minLength: definition.passwordPolicy.minLength,
          requireLowercase: definition.passwordPolicy.requireLowercase,
          requireUppercase: definition.passwordPolicy.requireUppercase,
          requireDigits: definition.passwordPolicy.requireDigits,
          requireSymbols: definition.passwordPolicy.requireSymbols,
          tempPasswordValidity: Duration.days(definition.passwordPolicy.tempPasswordValidityDays),
        },
        mfa: props.mfa ?? Mfa.OPTIONAL,
        mfaSecondFactor: { otp: true, sms: false },
        accountRecovery: AccountRecovery.EMAIL_ONLY,
        featurePlan,
        ...(featurePlan === FeaturePlan.PLUS ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
        deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
        removalPolicy,
      });
      this.userPool = pool;
      const groups = definition.groups.map(
        (group) =>
          new UserPoolGroup(this, group.name === ADMINS_GROUP_NAME ? 'AdminsGroup' : `Group-${group.name}`, {
            userPool: pool,
            groupName: group.name,
            description: group.description,
            precedence: group.precedence,
          }),
      );
      this.adminsGroup = groups.find((group) => group.groupName === ADMINS_GROUP_NAME);
      this.addNagAcknowledgements(pool, props.mfa ?? Mfa.OPTIONAL, featurePlan);
    }

    this.client = new UserPoolClient(this, 'AppClient', {
      userPool: this.userPool,
      userPoolClientName: `${props.name}-app`,
      // A public client (web and mobile apps cannot keep a secret): SRP (aws-amplify's default) and
      // USER_PASSWORD_AUTH (curl, scripts); refresh tokens are always allowed.
      generateSecret: false,
      authFlows: { ...definition.authFlows },
      // No hosted UI or OAuth redirects: CDK would otherwise enable OAuth flows to example.com.
      disableOAuth: true,
      preventUserExistenceErrors: definition.preventUserExistenceErrors,
      writeAttributes: clientWriteAttributes(definition),
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(definition.tokenValidity.idTokenHours),
      accessTokenValidity: Duration.hours(definition.tokenValidity.accessTokenHours),
      refreshTokenValidity: Duration.days(definition.tokenValidity.refreshTokenDays),
    });

    this.userPoolId = this.userPool.userPoolId;
    this.clientId = this.client.userPoolClientId;
    new CfnOutput(this, 'UserPoolId', {
      key: 'UserPoolId',
      value: this.userPoolId,
      description: 'Cognito user pool of the API (USER_POOL_ID)',
    });
    new CfnOutput(this, 'UserPoolClientId', {
      key: 'UserPoolClientId',
      value: this.clientId,
      description: 'App client without a secret: SRP and USER_PASSWORD_AUTH sign-in (USER_POOL_CLIENT_ID)',
    });
  }

  /** cdk-nag's Cognito findings this design accepts, each with its reason (the rest are fixed). */
  private addNagAcknowledgements(pool: UserPool, mfa: Mfa, featurePlan: FeaturePlan): void {
    if (mfa !== Mfa.REQUIRED) {
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional with TOTP (no SMS, so no SNS role and no SMS charges): the apps of the Orders API sign in ' +
          'with SRP or USER_PASSWORD_AUTH and not every end user enrols an authenticator; users (admins first) can ' +
          'enrol TOTP, and a stage can require it with OrdersUserPool mfa: Mfa.REQUIRED.',
      });
    }
    if (featurePlan !== FeaturePlan.PLUS) {
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection (formerly advanced security) needs the Plus plan, which has no free tier and is charged ' +
          'per monthly active user (docs/deploy.md); the pool is on Lite with admin-created users only, a 12-character ' +
          'password policy and optional TOTP MFA. A stage that needs it sets featurePlan: FeaturePlan.PLUS (then ENFORCED).',
      });
    }
  }
}

/**
 * The Amazon Cognito user pool whose users sign in to the Orders API (the contract's "Identity"):
 * a pool made here, or an existing one given by id; one app client without a secret for SRP and
 * USER_PASSWORD_AUTH sign-in; and (in a pool made here) the group `admins`, whose members may act
 * for any user. AppSync accepts tokens of this pool and client (OrdersGraphqlApi's USER_POOL mode).
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
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClient,
  UserPoolGroup,
  type IUserPool,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The group whose members may act for any user (resolvers/lib/owner.ts reads the same name). */
export const ADMINS_GROUP_NAME = 'admins';

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
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const featurePlan = props.featurePlan ?? FeaturePlan.LITE;

    if (existing !== undefined) {
      this.userPool = UserPool.fromUserPoolId(this, 'UserPool', existing);
      this.adminsGroup = undefined;
    } else {
      const pool = new UserPool(this, 'UserPool', {
        userPoolName: `${props.name}-users`,
        // Users are made by an administrator (AdminCreateUser); no public sign-up on the internet.
        selfSignUpEnabled: false,
        // The contract's user name is the token's cognito:username: users sign in by user name.
        signInAliases: { username: true },
        passwordPolicy: {
          minLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireDigits: true,
          requireSymbols: true,
          tempPasswordValidity: Duration.days(3),
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
      this.adminsGroup = new UserPoolGroup(this, 'AdminsGroup', {
        userPool: pool,
        groupName: ADMINS_GROUP_NAME,
        description: 'May create and list orders of any user, and subscribe to them',
        precedence: 0,
      });
      this.addNagAcknowledgements(pool, props.mfa ?? Mfa.OPTIONAL, featurePlan);
    }

    this.client = new UserPoolClient(this, 'AppClient', {
      userPool: this.userPool,
      userPoolClientName: `${props.name}-app`,
      // A public client (web and mobile apps cannot keep a secret): SRP (aws-amplify's default) and
      // USER_PASSWORD_AUTH (curl, scripts); refresh tokens are always allowed.
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      // No hosted UI or OAuth redirects: CDK would otherwise enable OAuth flows to example.com.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
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

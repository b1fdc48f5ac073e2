/**
 * The contract's "Identity" in the cloud: the Cognito user pool, its app client and `admins`
 * group, the API's user-pool auth mode and outputs, the API-key switch, an existing pool by id,
 * and cdk-nag's Cognito findings decided (fixed or acknowledged with a reason).
 * AppSync auth modes: https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FeaturePlan, Mfa } from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAppSyncSchema } from '../../definitions/resolverWiring.js';
import { STANDARD_ATTRIBUTES, userPoolDefinition } from '../../definitions/userPool.js';
import type { OrdersStack } from '../../infra/lib/OrdersStack.js';
import { ADMINS_GROUP_NAME, OrdersUserPool } from '../../infra/lib/OrdersUserPool.js';
import { readIdentityConfig } from '../../infra/bin/appConfig.js';
import { stackFromContext } from './helpers.js';

const EXISTING_POOL = 'us-east-1_AbCdEf123';

function stackWithContext(context: Record<string, string>, id: string): OrdersStack {
  return stackFromContext({ stage: 'test', stackName: id, ...context });
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;
const onlyId = (found: Resources): string => {
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

let stack: OrdersStack;
let template: Template;
let keyOff: Template;
let existing: Template;

beforeAll(() => {
  stack = stackWithContext({}, 'OrdersApi-identity');
  template = Template.fromStack(stack);
  keyOff = Template.fromStack(stackWithContext({ apiKey: 'false' }, 'OrdersApi-keyoff'));
  existing = Template.fromStack(stackWithContext({ userPoolId: EXISTING_POOL }, 'OrdersApi-existingpool'));
});

describe('the user pool', () => {
  it('has a strong password policy, optional TOTP MFA, admin-created users, the Lite plan, and is kept', () => {
    const poolId = onlyId(template.findResources('AWS::Cognito::UserPool') as Resources);
    const pool = (template.toJSON().Resources as Resources)[poolId]!;
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties).toMatchObject({
      UserPoolName: 'orders-api-test-users',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'LITE',
      DeletionProtection: 'ACTIVE',
    });
    // No SMS second factor: no SNS role for it.
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
  });

  it('has an app client without a secret for SRP and USER_PASSWORD_AUTH, and no OAuth', () => {
    const poolId = onlyId(template.findResources('AWS::Cognito::UserPool') as Resources);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      UserPoolId: { Ref: poolId },
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayEquals(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  it('follows definitions/userPool.ts, which the local pool reads too: no sign-up, its policy, groups and client', () => {
    const definition = userPoolDefinition;
    expect(definition.selfSignUpEnabled).toBe(false);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: !definition.selfSignUpEnabled },
      Policies: {
        PasswordPolicy: {
          MinimumLength: definition.passwordPolicy.minLength,
          RequireLowercase: definition.passwordPolicy.requireLowercase,
          RequireUppercase: definition.passwordPolicy.requireUppercase,
          RequireNumbers: definition.passwordPolicy.requireDigits,
          RequireSymbols: definition.passwordPolicy.requireSymbols,
          TemporaryPasswordValidityDays: definition.passwordPolicy.tempPasswordValidityDays,
        },
      },
    });
    for (const group of definition.groups)
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
        GroupName: group.name,
        Description: group.description,
        Precedence: group.precedence,
      });
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', definition.groups.length);
    // Cognito's quotas on a pool's schema: at most 50 custom attributes, names of at most 20 characters.
    expect(definition.customAttributes.length).toBeLessThanOrEqual(50);
    for (const name of definition.customAttributes) expect(name.length).toBeLessThanOrEqual(20);
    // The app client writes the standard attributes only: never `sub`, a `*_verified` flag or a custom attribute.
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      PreventUserExistenceErrors: definition.preventUserExistenceErrors ? 'ENABLED' : 'LEGACY',
      WriteAttributes: Match.arrayEquals([...STANDARD_ATTRIBUTES].sort()),
      IdTokenValidity: definition.tokenValidity.idTokenHours * 60,
      AccessTokenValidity: definition.tokenValidity.accessTokenHours * 60,
      RefreshTokenValidity: definition.tokenValidity.refreshTokenDays * 24 * 60,
    });
  });

  it('has the group admins', () => {
    const poolId = onlyId(template.findResources('AWS::Cognito::UserPool') as Resources);
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { UserPoolId: { Ref: poolId }, GroupName: ADMINS_GROUP_NAME });
    expect(ADMINS_GROUP_NAME).toBe('admins');
  });

  it('puts the pool and client ids in the stack outputs', () => {
    const poolId = onlyId(template.findResources('AWS::Cognito::UserPool') as Resources);
    const clientId = onlyId(template.findResources('AWS::Cognito::UserPoolClient') as Resources);
    template.hasOutput('UserPoolId', { Value: { Ref: poolId } });
    template.hasOutput('UserPoolClientId', { Value: { Ref: clientId } });
  });
});

describe('the API’s auth modes', () => {
  it('API key by default; IAM and this pool’s app client as additional modes', () => {
    const poolId = onlyId(template.findResources('AWS::Cognito::UserPool') as Resources);
    const clientId = onlyId(template.findResources('AWS::Cognito::UserPoolClient') as Resources);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'API_KEY',
      AdditionalAuthenticationProviders: [
        { AuthenticationType: 'AWS_IAM' },
        {
          AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
          UserPoolConfig: {
            UserPoolId: { Ref: poolId },
            AwsRegion: { Ref: 'AWS::Region' },
            AppIdClientRegex: { 'Fn::Join': ['', ['^', { Ref: clientId }, '$']] },
          },
        },
      ],
    });
    template.resourceCountIs('AWS::AppSync::ApiKey', 1);
    template.hasOutput('ApiKeyId', Match.anyValue());
  });

  it('the deployed schema grants user pools on every type a signed-in user reaches, beside API key and IAM', () => {
    const schema = buildAppSyncSchema();
    for (const name of ['Order', 'OrderConnection', 'Query', 'Mutation', 'Subscription']) {
      const type = schema.getType(name);
      expect(isObjectType(type)).toBe(true);
      const directives = (type?.astNode?.directives ?? []).map((d) => d.name.value);
      expect(directives, name).toEqual(expect.arrayContaining(['aws_api_key', 'aws_iam', 'aws_cognito_user_pools']));
    }
    // user_id may be omitted where the caller's identity can supply it.
    expect(String(schema.getMutationType()?.getFields().createOrder?.args[0]?.type)).toBe('CreateOrderInput!');
    const input = schema.getType('CreateOrderInput');
    expect(input && 'getFields' in input ? String((input.getFields() as Record<string, { type: unknown }>).user_id?.type) : '').toBe(
      'String',
    );
    expect(
      String(
        schema
          .getQueryType()
          ?.getFields()
          .userOrders?.args.find((a) => a.name === 'user_id')?.type,
      ),
    ).toBe('String');
    expect(
      String(
        schema
          .getSubscriptionType()
          ?.getFields()
          .onCreateOrder?.args.find((a) => a.name === 'user_id')?.type,
      ),
    ).toBe('String');
  });
});

describe('-c apiKey=false: a stage whose clients all sign in', () => {
  it('has no API key; the user pool is the default mode (ALLOW) and IAM stays for the REST shims', () => {
    keyOff.resourceCountIs('AWS::AppSync::ApiKey', 0);
    expect(Object.keys(keyOff.findOutputs('ApiKeyId'))).toEqual([]);
    keyOff.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: Match.objectLike({ DefaultAction: 'ALLOW', AppIdClientRegex: Match.anyValue() }),
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'AWS_IAM' }],
    });
  });

  it('leaves the REST shims their own API Gateway key', () => {
    keyOff.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    keyOff.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });
});

describe('-c userPoolId=…: an existing pool', () => {
  it('makes no pool and no group, only its app client in that pool, and the API accepts that pool', () => {
    existing.resourceCountIs('AWS::Cognito::UserPool', 0);
    existing.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
    existing.hasResourceProperties('AWS::Cognito::UserPoolClient', { UserPoolId: EXISTING_POOL, GenerateSecret: false });
    const clientId = onlyId(existing.findResources('AWS::Cognito::UserPoolClient') as Resources);
    existing.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AdditionalAuthenticationProviders: Match.arrayWith([
        {
          AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
          UserPoolConfig: Match.objectLike({
            UserPoolId: EXISTING_POOL,
            AppIdClientRegex: { 'Fn::Join': ['', ['^', { Ref: clientId }, '$']] },
          }),
        },
      ]),
    });
    existing.hasOutput('UserPoolId', { Value: EXISTING_POOL });
  });
});

describe('readIdentityConfig', () => {
  const read = (context: Record<string, unknown>) => readIdentityConfig((key) => context[key]);

  it('defaults to an API key and a new pool', () => {
    expect(read({})).toEqual({ apiKey: true });
    expect(read({ apiKey: false, userPoolId: EXISTING_POOL })).toEqual({ apiKey: false, existingUserPoolId: EXISTING_POOL });
    expect(read({ apiKey: 'TRUE' })).toEqual({ apiKey: true });
  });

  it('refuses a bad switch or a value that is not a pool id, naming the context key', () => {
    expect(() => read({ apiKey: 'no' })).toThrow('apiKey "no": use true or false');
    expect(() => read({ userPoolId: 'AbCdEf123' })).toThrow(/^userPoolId "AbCdEf123": use a user pool id/);
  });
});

describe('cdk-nag on the pool', () => {
  const violations = (scope: Stack) =>
    new AwsSolutionsChecks()
      .validateScope(scope)
      .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
  const acknowledged = (scope: OrdersUserPool): string[] =>
    scope.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data as object)),
      )
      .map((id) => id.replace(/^annotation::/i, ''));

  it('acknowledges only optional MFA (COG2) and the plan without threat protection (COG8), each with a reason', () => {
    const users = stack.users;
    expect(acknowledged(users).sort()).toEqual(['AwsSolutions-COG2', 'AwsSolutions-COG8']);
    expect(violations(stack).filter((v) => v.includes('COG'))).toEqual([]);
  });

  it('finds nothing and acknowledges nothing with MFA required and the Plus plan', () => {
    const strict = new Stack(new App(), 'StrictPool');
    const users = new OrdersUserPool(strict, 'Users', { name: 'strict', mfa: Mfa.REQUIRED, featurePlan: FeaturePlan.PLUS });
    expect(acknowledged(users)).toEqual([]);
    expect(violations(strict)).toEqual([]);
    Template.fromStack(strict).hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('refuses an existing pool id that is not one', () => {
    expect(() => new OrdersUserPool(new Stack(new App(), 'Bad'), 'Users', { name: 'bad', existingUserPoolId: 'nope' })).toThrow(
      'userPoolId "nope" is not a user pool id',
    );
  });
});

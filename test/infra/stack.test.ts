/** The synthesized CloudFormation of the Orders stack, asserted resource by resource. */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ordersTable } from '../../definitions/ordersTable.js';
import type { ResolverBundle } from '../../definitions/resolverBundles.js';
import { listResolvers, schemaPath } from '../../definitions/resolverWiring.js';
import { APPSYNC_CODE_LIMIT_BYTES, OrdersGraphqlApi } from '../../infra/lib/OrdersGraphqlApi.js';
import { OrdersTable } from '../../infra/lib/OrdersTable.js';
import type { OrdersStack } from '../../infra/lib/OrdersStack.js';
import { builtBundles, makeStack } from './helpers.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

let stack: OrdersStack;
let template: Template;
let synthAt: number;

const only = (found: Record<string, Resource>): [string, Resource] => {
  const entries = Object.entries(found);
  expect(entries).toHaveLength(1);
  return entries[0] as [string, Resource];
};
const logicalId = (value: unknown): string => {
  const resolved = Stack.of(stack).resolve(value) as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  const id = resolved.Ref ?? resolved['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`not a plain Ref/GetAtt: ${JSON.stringify(resolved)}`);
  return id;
};

beforeAll(() => {
  synthAt = Date.now();
  stack = makeStack();
  template = Template.fromStack(stack);
});

describe('Orders table', () => {
  it('has the keys and the timestamp LSI of definitions/ordersTable.ts, projecting ALL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: ordersTable.partitionKey, KeyType: 'HASH' },
        { AttributeName: ordersTable.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals([
        { AttributeName: ordersTable.partitionKey, AttributeType: 'S' },
        { AttributeName: ordersTable.sortKey, AttributeType: 'S' },
        { AttributeName: ordersTable.userTimeIndex.sortKey, AttributeType: 'S' },
      ]),
      LocalSecondaryIndexes: [
        {
          IndexName: ordersTable.userTimeIndex.name,
          KeySchema: [
            { AttributeName: ordersTable.partitionKey, KeyType: 'HASH' },
            { AttributeName: ordersTable.userTimeIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      GlobalSecondaryIndexes: Match.absent(),
    });
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it('is on-demand, with point-in-time recovery and AWS managed (KMS) encryption', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      ProvisionedThroughput: Match.absent(),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // SSEEnabled without a key = the AWS managed key aws/dynamodb (AWS owned would omit SSESpecification).
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
    });
  });

  it('is retained by default, with deletion protection', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });

  it('is deleted with the stack when the stage says destroy', () => {
    const dev = Template.fromStack(makeStack({ removalPolicy: RemovalPolicy.DESTROY }, 'OrdersApi-destroy'));
    dev.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});

describe('GraphQL API', () => {
  it('deploys schema.graphql unchanged', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLSchema', {
      Definition: readFileSync(schemaPath, 'utf8'),
    });
  });

  it('has API key as default auth, IAM and Cognito user pools as additional modes (identity.test.ts)', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      Name: 'orders-api-test',
      AuthenticationType: 'API_KEY',
      AdditionalAuthenticationProviders: [
        { AuthenticationType: 'AWS_IAM' },
        Match.objectLike({ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS' }),
      ],
    });
  });

  it('logs field errors to CloudWatch without verbose content, kept 30 days by default', () => {
    const [apiId] = only(template.findResources('AWS::AppSync::GraphQLApi') as Record<string, Resource>);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      LogConfig: {
        FieldLogLevel: 'ERROR',
        ExcludeVerboseContent: true,
        CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiLogsRole'), 'Arn'] },
      },
    });
    template.hasResourceProperties('Custom::LogRetention', {
      LogGroupName: { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': [apiId, 'ApiId'] }]] },
      RetentionInDays: 30,
    });
  });

  it('takes the log retention from props', () => {
    const t = Template.fromStack(makeStack({ logRetention: RetentionDays.THREE_MONTHS }, 'OrdersApi-retention'));
    t.hasResourceProperties('Custom::LogRetention', { RetentionInDays: 90 });
  });

  it('has X-Ray tracing on', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', { XrayEnabled: true });
  });

  it('has one API key expiring 30 days (plus the deploy margin, to the whole hour) after synth by default, configurable', () => {
    // The first whole hour at least days + 1 h after the synth (infra/lib/apiKeyExpiry.ts).
    const [, key] = only(template.findResources('AWS::AppSync::ApiKey') as Record<string, Resource>);
    const expectedSeconds = synthAt / 1000 + 30 * 86_400 + 3_600;
    expect(key.Properties.Expires).toBeGreaterThanOrEqual(Math.floor(expectedSeconds));
    expect(key.Properties.Expires).toBeLessThan(expectedSeconds + 3_600 + 60);

    const weekAt = Date.now();
    const week = Template.fromStack(makeStack({ apiKeyExpiryDays: 7 }, 'OrdersApi-week'));
    const [, weekKey] = only(week.findResources('AWS::AppSync::ApiKey') as Record<string, Resource>);
    expect(weekKey.Properties.Expires).toBeGreaterThanOrEqual(Math.floor(weekAt / 1000 + 7 * 86_400 + 3_600));
    expect(weekKey.Properties.Expires).toBeLessThan(weekAt / 1000 + 7 * 86_400 + 2 * 3_600 + 60);
  });

  it('accepts 1 and 365 expiry days as whole hours AppSync takes, and refuses 0, 366 and fractions', () => {
    // AppSync rounds Expires down to the hour and needs 1–365 days from the key's creation or update.
    for (const [days, id] of [
      [1, 'OrdersApi-one'],
      [365, 'OrdersApi-year'],
    ] as const) {
      const before = Math.floor(Date.now() / 1000);
      const t = Template.fromStack(makeStack({ apiKeyExpiryDays: days }, id));
      const [, key] = only(t.findResources('AWS::AppSync::ApiKey') as Record<string, Resource>);
      const expires = key.Properties.Expires as number;
      expect(expires % 3_600).toBe(0);
      // Still at least a day after a deploy that creates the key an hour after this synth.
      expect(expires - (before + 3_600)).toBeGreaterThanOrEqual(Math.min(days, 364) * 86_400);
      expect(expires - before).toBeLessThanOrEqual(365 * 86_400);
    }
    for (const bad of [0, 366, 1.5]) {
      expect(() => makeStack({ apiKeyExpiryDays: bad }, `OrdersApi-bad`)).toThrow(/apiKeyExpiryDays/);
    }
  });
});

describe('DynamoDB data source', () => {
  it('uses its own role, which may do exactly PutItem on the table and Query on the table and its index', () => {
    const tableId = logicalId(stack.table.tableName);
    const [roleId] = only(
      template.findResources('AWS::IAM::Role', {
        Properties: { Description: Match.stringLikeRegexp('DynamoDB data source') },
      }) as Record<string, Resource>,
    );
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'ordersTable',
      Type: 'AMAZON_DYNAMODB',
      DynamoDBConfig: { TableName: { Ref: tableId }, AwsRegion: { Ref: 'AWS::Region' }, UseCallerCredentials: Match.absent() },
      ServiceRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });

    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const role = template.toJSON().Resources[roleId] as Resource;
    expect(role.Properties).toEqual({
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'appsync.amazonaws.com' } }],
        Version: '2012-10-17',
      },
      Description: expect.any(String),
      Policies: [
        {
          PolicyName: 'OrdersTableAccess',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Sid: 'CreateOrder', Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: tableArn },
              {
                Sid: 'ListUserOrders',
                Effect: 'Allow',
                Action: 'dynamodb:Query',
                Resource: [tableArn, { 'Fn::Join': ['', [tableArn, `/index/${ordersTable.userTimeIndex.name}`]] }],
              },
            ],
          },
        },
      ],
      Tags: expect.any(Array),
    });
  });

  it('has no other policy attached to that role (no grantReadWriteData leftovers)', () => {
    const roleId = logicalId(stack.graphql.dataSourceRole.roleArn);
    const attached = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).filter((p) =>
      JSON.stringify(p.Properties.Roles ?? []).includes(roleId),
    );
    expect(attached).toEqual([]);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  });

  it('grants no wildcard and nothing but PutItem and Query on DynamoDB anywhere in the stack', () => {
    const json = JSON.stringify(template.toJSON());
    const dynamoActions = new Set(json.match(/dynamodb:[A-Za-z*]+/g) ?? []);
    expect([...dynamoActions].sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(json).not.toMatch(/\/index\/\*/);
  });

  it('exists once, beside one data source per other kind the resolver files name (none for subscriptions)', () => {
    template.resourceCountIs('AWS::AppSync::DataSource', new Set(listResolvers().map((w) => w.dataSource)).size);
    template.resourceCountIs('AWS::AppSync::DataSource', 2);
  });
});

describe('resolvers', () => {
  const wiring = listResolvers();

  it('one AppSync resolver per file in resolvers/', () => {
    expect(wiring.length).toBeGreaterThan(0);
    template.resourceCountIs('AWS::AppSync::Resolver', wiring.length);
  });

  for (const bundle of builtBundles()) {
    it(`${bundle.typeName}.${bundle.fieldName}: APPSYNC_JS 1.0.0 unit resolver on ${bundle.dataSource}, code byte-for-byte the bundle`, () => {
      const [, resolver] = only(
        template.findResources('AWS::AppSync::Resolver', {
          Properties: { TypeName: bundle.typeName, FieldName: bundle.fieldName },
        }) as Record<string, Resource>,
      );
      expect(resolver.Properties.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
      expect(resolver.Properties.Kind).toBe('UNIT');
      expect(resolver.Properties.DataSourceName).toBe(bundle.dataSource);
      const code = resolver.Properties.Code as string;
      expect(Buffer.from(code, 'utf8').equals(readFileSync(bundle.bundlePath))).toBe(true);
      expect(Buffer.byteLength(code)).toBeLessThanOrEqual(APPSYNC_CODE_LIMIT_BYTES);
      expect(resolver.Properties.RequestMappingTemplate).toBeUndefined();
      expect(resolver.Properties.CodeS3Location).toBeUndefined();
    });
  }

  it('refuses to synthesize when resolver files and schema disagree', () => {
    const missing = builtBundles().slice(1);
    expect(() => makeStack({ resolvers: missing }, 'OrdersApi-missing')).toThrow(/has no resolver file/);
    const extra: ResolverBundle = { ...builtBundles()[0]!, fieldName: 'noSuchField', name: 'Query.noSuchField' };
    expect(() => makeStack({ resolvers: [...builtBundles(), extra] }, 'OrdersApi-extra')).toThrow(/noSuchField/);
  });

  it('refuses a bundle larger than AppSync accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orders-big-'));
    const [first, ...rest] = builtBundles();
    const big = join(dir, 'big.js');
    writeFileSync(big, `// ${'x'.repeat(APPSYNC_CODE_LIMIT_BYTES)}\n`);
    expect(() => makeStack({ resolvers: [{ ...first!, bundlePath: big }, ...rest] }, 'OrdersApi-big')).toThrow(/at most/);
  });

  it("wires a '.none' resolver file to a NONE data source, generically", () => {
    const dir = mkdtempSync(join(tmpdir(), 'orders-none-'));
    const schemaFile = join(dir, 'schema.graphql');
    // schema.graphql has Subscription.onCreateOrder; a stand-in bundle takes the real one's place.
    writeFileSync(schemaFile, readFileSync(schemaPath, 'utf8'));
    const bundlePath = join(dir, 'Subscription.onCreateOrder.none.js');
    writeFileSync(bundlePath, 'export function request() { return {}; }\nexport function response(ctx) { return ctx.result; }\n');
    const none: ResolverBundle = {
      typeName: 'Subscription',
      fieldName: 'onCreateOrder',
      dataSource: 'none',
      name: 'Subscription.onCreateOrder.none',
      sourcePath: join(dir, 'Subscription.onCreateOrder.none.ts'),
      bundlePath,
    };
    const s = new Stack(new App(), 'NoneTest');
    const table = new OrdersTable(s, 'Orders');
    const api = new OrdersGraphqlApi(s, 'Graphql', {
      name: 'none-test',
      table: table.table,
      userTimeIndexArn: table.userTimeIndexArn,
      resolvers: [...builtBundles().filter((b) => b.dataSource !== 'none'), none],
      schemaPath: schemaFile,
    });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::AppSync::DataSource', 2);
    t.hasResourceProperties('AWS::AppSync::DataSource', { Name: 'none', Type: 'NONE', ServiceRoleArn: Match.absent() });
    t.hasResourceProperties('AWS::AppSync::Resolver', {
      TypeName: 'Subscription',
      FieldName: 'onCreateOrder',
      DataSourceName: 'none',
      Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
      Code: readFileSync(bundlePath, 'utf8'),
    });
    expect([...api.dataSources.keys()].sort()).toEqual(['none', 'ordersTable']);
  });
});

describe('outputs and what the REST shims will build on', () => {
  it('outputs the GraphQL URL, the API id, the API key id and the table name', () => {
    const apiId = logicalId(stack.api.apiId);
    template.hasOutput('GraphqlUrl', { Value: { 'Fn::GetAtt': [apiId, 'GraphQLUrl'] } });
    template.hasOutput('ApiId', { Value: { 'Fn::GetAtt': [apiId, 'ApiId'] } });
    template.hasOutput('ApiKeyId', { Value: { 'Fn::GetAtt': [logicalId(stack.graphql.apiKey!.attrApiKeyId), 'ApiKeyId'] } });
    template.hasOutput('TableName', { Value: { Ref: logicalId(stack.table.tableName) } });
  });

  it('exposes the API, its ARN and URL, and the table as public props', () => {
    const [apiId] = only(template.findResources('AWS::AppSync::GraphQLApi') as Record<string, Resource>);
    const [tableId] = only(template.findResources('AWS::DynamoDB::Table') as Record<string, Resource>);
    expect(stack.resolve(stack.apiArn)).toEqual({ 'Fn::GetAtt': [apiId, 'Arn'] });
    expect(stack.resolve(stack.graphqlUrl)).toEqual({ 'Fn::GetAtt': [apiId, 'GraphQLUrl'] });
    expect(stack.resolve(stack.api.arn)).toEqual({ 'Fn::GetAtt': [apiId, 'Arn'] });
    expect(stack.resolve(stack.table.tableArn)).toEqual({ 'Fn::GetAtt': [tableId, 'Arn'] });
    expect(stack.ordersTable.userTimeIndexName).toBe(ordersTable.userTimeIndex.name);
  });

  it('tags every taggable resource with the project and the stage', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      Tags: Match.arrayWith([
        { Key: 'project', Value: 'orders-api' },
        { Key: 'stage', Value: 'test' },
      ]),
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([{ Key: 'stage', Value: 'test' }]),
    });
  });
});

/**
 * `-c existingTableName=` (and `-c existingIndexName=`): the stack adopts the old API's table
 * instead of creating one — no table resource, the data source and its role on that table's ARN,
 * and the index name handed to the resolvers as an AppSync environment variable (ctx.env).
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ordersTable, USER_TIME_INDEX_ENV } from '../../definitions/ordersTable.js';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { readStageConfig } from '../../infra/bin/appConfig.js';
import type { OrdersStack } from '../../infra/lib/OrdersStack.js';
import { loadResolverFile } from '../../local/engine/runtime/loadResolver.js';
import { stackFromContext as stackOf } from './helpers.js';

type Resource = { Type: string; Properties: Record<string, any> };

/** The stack as `cdk synth -c …` builds it: context → readAppConfig → props. */
function stackFromContext(context: Record<string, string>, id: string): { stack: OrdersStack; template: Template } {
  const stack = stackOf({ stage: 'test', stackName: id, ...context });
  return { stack, template: Template.fromStack(stack) };
}

/** `arn:<partition>:dynamodb:<region>:<account>:table/<name><suffix>`, as CDK renders it (one flat Join). */
const tableArnOf = (name: string, suffix = '') => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:table/${name}${suffix}`],
  ],
});

function dataSourceRolePolicy(template: Template): any[] {
  const roles = Object.values(template.findResources('AWS::IAM::Role') as Record<string, Resource>).filter((r) =>
    String(r.Properties.Description ?? '').includes('DynamoDB data source'),
  );
  expect(roles).toHaveLength(1);
  return roles[0]!.Properties.Policies[0].PolicyDocument.Statement;
}

describe('switch off (default): the stack creates the table', () => {
  let stack: OrdersStack;
  let template: Template;
  beforeAll(() => ({ stack, template } = stackFromContext({}, 'OrdersApi-adopt-off')));

  it('has one table and tells the resolvers its index name', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(stack.ordersTable.adopted).toBe(false);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      EnvironmentVariables: { [USER_TIME_INDEX_ENV]: ordersTable.userTimeIndex.name },
    });
  });
});

describe('switch on: -c existingTableName=OldOrders', () => {
  let stack: OrdersStack;
  let template: Template;
  beforeAll(() => ({ stack, template } = stackFromContext({ existingTableName: 'OldOrders' }, 'OrdersApi-adopt-on')));

  it('creates no table and no custom resource', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    expect(Object.keys(template.findResources('AWS::CloudFormation::CustomResource'))).toEqual([]);
    expect(stack.ordersTable.adopted).toBe(true);
  });

  it('points the data source, its role and the TableName output at that table and its seed-named index', () => {
    const arn = tableArnOf('OldOrders');
    template.hasResourceProperties('AWS::AppSync::DataSource', { Name: 'ordersTable', DynamoDBConfig: { TableName: 'OldOrders' } });
    expect(dataSourceRolePolicy(template)).toEqual([
      { Sid: 'CreateOrder', Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: arn },
      {
        Sid: 'ListUserOrders',
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: [arn, tableArnOf('OldOrders', `/index/${ordersTable.userTimeIndex.name}`)],
      },
    ]);
    template.hasOutput('TableName', { Value: 'OldOrders' });
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      EnvironmentVariables: { [USER_TIME_INDEX_ENV]: ordersTable.userTimeIndex.name },
    });
  });

  it('exposes the table name and ARN on the construct (what alarms are built on)', () => {
    const resolve = (v: unknown) => Stack.of(stack).resolve(v);
    expect(stack.ordersTable.tableName).toBe('OldOrders');
    expect(resolve(stack.ordersTable.tableArn)).toEqual(tableArnOf('OldOrders'));
    expect(resolve(stack.table.tableArn)).toEqual(tableArnOf('OldOrders'));
  });
});

describe('switch on with -c existingIndexName=by-user-time', () => {
  let template: Template;
  beforeAll(
    () =>
      ({ template } = stackFromContext({ existingTableName: 'legacy.orders', existingIndexName: 'by-user-time' }, 'OrdersApi-adopt-idx')),
  );

  it('grants Query on that index and hands its name to the resolvers in ctx.env', () => {
    const arn = tableArnOf('legacy.orders');
    expect(dataSourceRolePolicy(template)[1].Resource).toEqual([arn, tableArnOf('legacy.orders', '/index/by-user-time')]);
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', { EnvironmentVariables: { [USER_TIME_INDEX_ENV]: 'by-user-time' } });
  });

  it('the deployed userOrders bundle queries the index ctx.env names (and the shared name without it)', () => {
    const userOrders = loadResolverFile(bundlePathOf('Query.userOrders'), 'Query.userOrders');
    const args = { store_id: 's1', user_id: 'user1' };
    const indexOf = (ctx: Record<string, unknown>): unknown => {
      const out = userOrders.call('request', { args, arguments: args, identity: null, ...ctx });
      expect(out.kind).toBe('value');
      return (out as { value: { index?: string } }).value.index;
    };
    expect(indexOf({ env: { [USER_TIME_INDEX_ENV]: 'by-user-time' } })).toBe('by-user-time');
    expect(indexOf({ env: {} })).toBe(ordersTable.userTimeIndex.name);
  });
});

describe('context checks', () => {
  const read = (context: Record<string, string>) => readStageConfig((key) => context[key]);

  it('reads the table and the optional index name', () => {
    expect(read({ existingTableName: 'OldOrders' }).existingTable).toEqual({ tableName: 'OldOrders' });
    expect(read({ existingTableName: 'OldOrders', existingIndexName: 'ix_1' }).existingTable).toEqual({
      tableName: 'OldOrders',
      indexName: 'ix_1',
    });
    expect(read({}).existingTable).toBeUndefined();
  });

  it('refuses names DynamoDB would refuse, and an index without its table', () => {
    expect(() => read({ existingTableName: 'ab' })).toThrow(/existingTableName "ab"/);
    expect(() => read({ existingTableName: 'Old Orders' })).toThrow(/existingTableName/);
    expect(() => read({ existingTableName: 'OldOrders', existingIndexName: 'ix/1' })).toThrow(/existingIndexName "ix\/1"/);
    expect(() => read({ existingIndexName: 'timestamp-index' })).toThrow(/existingIndexName needs existingTableName/);
  });
});

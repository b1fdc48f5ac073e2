/**
 * Running the stack (issue 13, points 4–6) in the synthesized template, with the context switches
 * on and off: alarms + SNS topic + dashboard (OrdersMonitoring.ts), X-Ray and logs
 * (OrdersGraphqlApi.ts, RestShims.ts), the WAF web ACL (OrdersProtection.ts) — and the context
 * keys' validation (infra/bin/appConfig.ts readOperationsConfig).
 */
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import type { OrdersStack, OrdersStackProps } from '../../infra/lib/OrdersStack.js';
import { readOperationsConfig } from '../../infra/bin/appConfig.js';
import { stackFromContext } from './helpers.js';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

/** A stack as `cdk synth -c key=value …` builds it: the app reads the context into props. */
function stackWith(context: Record<string, string> = {}, props: Partial<OrdersStackProps> = {}): OrdersStack {
  return stackFromContext(context, props);
}
const resourcesOf = (stack: OrdersStack): Record<string, Resource> =>
  Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
const ofType = (stack: OrdersStack, type: string): Array<[string, Resource]> =>
  Object.entries(resourcesOf(stack)).filter(([, r]) => r.Type === type);
const logicalId = (stack: OrdersStack, path: string): string => {
  const found = stack.node.findAll().find((c) => c.node.path === `${stack.node.id}/${path}`);
  if (!found) throw new Error(`no construct at ${path}`);
  return stack.getLogicalId(found.node.defaultChild as never);
};
const nagFindings = (stack: OrdersStack): string[] =>
  new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`));

const ALARM_NAMES = [
  'AppSync5xxRate',
  'AppSync4xxRate',
  'AppSyncLatencyP99',
  'DynamoDbThrottles',
  'DynamoDbSystemErrors',
  'ItemCollectionSizeLimit',
  'RestApi5xxRate',
  'RestApiLatencyP99',
];

describe('alarms, SNS topic and dashboard (OrdersMonitoring)', () => {
  const dev = stackWith();
  const alarms = ofType(dev, 'AWS::CloudWatch::Alarm');
  const alarm = (name: string): Resource => {
    const found = alarms.find(([, r]) => r.Properties.AlarmName === `OrdersApi-dev-${name}`);
    if (!found) throw new Error(`no alarm ${name}`);
    return found[1];
  };
  const apiId = { 'Fn::GetAtt': [logicalId(dev, 'Graphql/Api'), 'ApiId'] };
  const tableRef = { Ref: logicalId(dev, 'Orders/Table') };

  it('has exactly the eight alarms, each notifying the one topic on ALARM and OK', () => {
    expect(alarms.map(([, r]) => r.Properties.AlarmName).sort()).toEqual(ALARM_NAMES.map((n) => `OrdersApi-dev-${n}`).sort());
    const [[topicId]] = ofType(dev, 'AWS::SNS::Topic') as [[string, Resource]];
    for (const [, r] of alarms) {
      expect(r.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(r.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(r.Properties.TreatMissingData).toBe('notBreaching');
      expect(r.Properties.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
    }
    expect(ofType(dev, 'AWS::SNS::Subscription')).toEqual([]);
  });

  it('uses the documented defaults as thresholds', () => {
    expect(Object.fromEntries(ALARM_NAMES.map((n) => [n, alarm(n).Properties.Threshold]))).toEqual({
      AppSync5xxRate: 1,
      AppSync4xxRate: 10,
      AppSyncLatencyP99: 1000,
      DynamoDbThrottles: 1,
      DynamoDbSystemErrors: 1,
      ItemCollectionSizeLimit: 1,
      RestApi5xxRate: 1,
      RestApiLatencyP99: 2000,
    });
  });

  it('computes AppSync error rates with metric math over Requests of this API', () => {
    for (const [name, metricName] of [
      ['AppSync5xxRate', '5XXError'],
      ['AppSync4xxRate', '4XXError'],
    ] as const) {
      const metrics = alarm(name).Properties.Metrics as Array<Record<string, any>>;
      expect(metrics.find((m) => m.Expression)?.Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)');
      const byId = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat]));
      expect(byId.errors).toEqual({
        Metric: { Namespace: 'AWS/AppSync', MetricName: metricName, Dimensions: [{ Name: 'GraphQLAPIId', Value: apiId }] },
        Period: 300,
        Stat: 'Sum',
      });
      expect(byId.requests.Metric.MetricName).toBe('Requests');
    }
    expect(alarm('AppSyncLatencyP99').Properties).toMatchObject({
      Namespace: 'AWS/AppSync',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Dimensions: [{ Name: 'GraphQLAPIId', Value: apiId }],
    });
  });

  it('watches the table the stack uses, for the operations the resolvers issue', () => {
    for (const [name, metricName] of [
      ['DynamoDbThrottles', 'ThrottledRequests'],
      ['DynamoDbSystemErrors', 'SystemErrors'],
    ] as const) {
      const metrics = alarm(name).Properties.Metrics as Array<Record<string, any>>;
      const stats = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric);
      expect(stats.map((m) => m.MetricName)).toEqual([metricName, metricName]);
      expect(stats.map((m) => m.Dimensions)).toEqual([
        [
          { Name: 'Operation', Value: 'PutItem' },
          { Name: 'TableName', Value: tableRef },
        ],
        [
          { Name: 'Operation', Value: 'Query' },
          { Name: 'TableName', Value: tableRef },
        ],
      ]);
    }
  });

  it('watches an adopted table by its name (-c existingTableName)', () => {
    const adopted = stackWith({}, { existingTable: { tableName: 'old-orders' } });
    const throttles = ofType(adopted, 'AWS::CloudWatch::Alarm').find(
      ([, r]) => r.Properties.AlarmName === 'OrdersApi-dev-DynamoDbThrottles',
    )![1];
    const dims = (throttles.Properties.Metrics as Array<Record<string, any>>)
      .filter((m) => m.MetricStat)
      .map((m) => m.MetricStat.Metric.Dimensions);
    expect(
      dims
        .flat()
        .filter((d: { Name: string }) => d.Name === 'TableName')
        .map((d: { Value: unknown }) => d.Value),
    ).toEqual(['old-orders', 'old-orders']);
  });

  it('counts ItemCollectionSizeLimitExceededException in the AppSync log group with a metric filter', () => {
    const [[, filter]] = ofType(dev, 'AWS::Logs::MetricFilter') as [[string, Resource]];
    expect(filter.Properties.FilterPattern).toBe('"ItemCollectionSizeLimitExceededException"');
    // The group's name comes from the LogRetention resource that creates it, so the filter waits for it.
    expect(filter.Properties.LogGroupName).toEqual({ 'Fn::GetAtt': [logicalId(dev, 'Graphql/Api/LogRetention'), 'LogGroupName'] });
    const { MetricNamespace, MetricName } = filter.Properties.MetricTransformations[0];
    expect(alarm('ItemCollectionSizeLimit').Properties).toMatchObject({ Namespace: MetricNamespace, MetricName, Statistic: 'Sum' });
  });

  it('watches the REST stage by ApiName and Stage', () => {
    const dims = [
      { Name: 'ApiName', Value: 'orders-rest-dev' },
      { Name: 'Stage', Value: { Ref: logicalId(dev, 'Rest/Api/DeploymentStage.dev') } },
    ];
    expect(alarm('RestApiLatencyP99').Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Dimensions: dims,
    });
    const stats = (alarm('RestApi5xxRate').Properties.Metrics as Array<Record<string, any>>)
      .filter((m) => m.MetricStat)
      .map((m) => m.MetricStat.Metric);
    expect(stats.map((m) => m.MetricName).sort()).toEqual(['5XXError', 'Count']);
    for (const m of stats) expect(m.Dimensions).toEqual(dims);
  });

  it('has one dashboard showing every alarm', () => {
    const dashboards = ofType(dev, 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const [, dashboard] = dashboards[0]!;
    expect(dashboard.Properties.DashboardName).toBe('OrdersApi-dev');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const [id] of alarms) expect(body).toContain(`"${id}","Arn"`);
  });

  it('subscribes -c alarmEmail and takes thresholds from context', () => {
    const stack = stackWith({ alarmEmail: 'ops@example.com', alarmAppSync5xxPercent: '5', alarmApiGatewayLatencyP99Ms: '3500' });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const thresholds = Object.fromEntries(
      ofType(stack, 'AWS::CloudWatch::Alarm').map(([, r]) => [r.Properties.AlarmName, r.Properties.Threshold]),
    );
    expect(thresholds['OrdersApi-dev-AppSync5xxRate']).toBe(5);
    expect(thresholds['OrdersApi-dev-RestApiLatencyP99']).toBe(3500);
  });

  it('refuses bad context values', () => {
    expect(() => stackWith({ alarmEmail: 'not-an-address' })).toThrow(/alarmEmail "not-an-address"/);
    expect(() => stackWith({ alarmDynamoThrottles: '0' })).toThrow(/alarmDynamoThrottles "0": use a number greater than 0/);
    expect(() => stackWith({ alarmAppSyncLatencyP99Ms: 'fast' })).toThrow(/alarmAppSyncLatencyP99Ms "fast"/);
  });
});

describe('traces and logs', () => {
  const dev = stackWith();
  const template = Template.fromStack(dev);

  it('traces AppSync and the REST stage with X-Ray', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', { XrayEnabled: true });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
  });

  it('logs AppSync field errors (ERROR) by default and everything with -c fieldLogLevel=ALL, never verbose content', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', { LogConfig: { FieldLogLevel: 'ERROR', ExcludeVerboseContent: true } });
    Template.fromStack(stackWith({ fieldLogLevel: 'ALL' })).hasResourceProperties('AWS::AppSync::GraphQLApi', {
      LogConfig: { FieldLogLevel: 'ALL', ExcludeVerboseContent: true },
    });
    expect(() => stackWith({ fieldLogLevel: 'NONE' })).toThrow(/fieldLogLevel "NONE": use ERROR, INFO, DEBUG, ALL/);
  });

  it("gives AppSync a log role that may write only to this API's log group", () => {
    const roleId = logicalId(dev, 'Graphql/ApiLogsRole');
    const [, role] = ofType(dev, 'AWS::IAM::Role').find(([id]) => id === roleId)!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    const policies = ofType(dev, 'AWS::IAM::Policy').filter(
      ([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]![1].Properties.PolicyDocument.Statement as Array<Record<string, any>>;
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toEqual(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    const group = [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':logs:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':log-group:/aws/appsync/apis/',
      { 'Fn::GetAtt': [logicalId(dev, 'Graphql/Api'), 'ApiId'] },
    ];
    // In any order: @aws-cdk/aws-iam:minimizePolicies (cdk.json) sorts a statement's resources.
    expect(statements[0]!.Resource).toHaveLength(2);
    expect(statements[0]!.Resource).toEqual(
      expect.arrayContaining([{ 'Fn::Join': ['', group] }, { 'Fn::Join': ['', [...group, ':log-stream:*']] }]),
    );
  });

  it('sets a retention on every log group the stack owns', () => {
    const stack = stackWith({}, { logRetention: RetentionDays.THREE_MONTHS });
    const groups = ofType(stack, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const [, g] of groups) expect(g.Properties.RetentionInDays).toBe(90);
    const retention = ofType(stack, 'Custom::LogRetention');
    expect(retention.map(([, r]) => r.Properties.LogGroupName)).toEqual([
      { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': [logicalId(stack, 'Graphql/Api'), 'ApiId'] }]] },
    ]);
    expect(retention[0]![1].Properties.RetentionInDays).toBe(90);
  });
});

describe('WAF web ACL (OrdersProtection)', () => {
  const wafResources = (stack: OrdersStack) => ({
    acls: ofType(stack, 'AWS::WAFv2::WebACL'),
    associations: ofType(stack, 'AWS::WAFv2::WebACLAssociation'),
  });

  it('is off in dev by default and on with -c waf=true', () => {
    expect(wafResources(stackWith())).toEqual({ acls: [], associations: [] });
    expect(wafResources(stackWith({ waf: 'true' })).acls).toHaveLength(1);
  });

  it('is on in prod by default and off with -c waf=false', () => {
    expect(wafResources(stackWith({ stage: 'prod' })).acls).toHaveLength(1);
    expect(wafResources(stackWith({ stage: 'prod', waf: 'false' }))).toEqual({ acls: [], associations: [] });
  });

  const prod = stackWith({ stage: 'prod' });

  it('has a per-IP rate rule (limit from context) and the AWS core rule set, blocking', () => {
    Template.fromStack(prod).hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        {
          Name: 'RateLimitPerIp',
          Priority: 0,
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
        },
        {
          Name: 'AWSManagedRulesCommonRuleSet',
          Priority: 1,
          OverrideAction: { None: {} },
          // No RuleActionOverrides: SizeRestrictions_BODY keeps blocking (see the body-size test below).
          Statement: {
            ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', RuleActionOverrides: Match.absent() },
          },
        },
      ],
    });
    Template.fromStack(stackWith({ stage: 'prod', wafRateLimit: '250' })).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 250 }) } })]),
    });
    expect(() => stackWith({ stage: 'prod', wafRateLimit: '9' })).toThrow(/wafRateLimit "9": use a whole number from 10 to 2000000000/);
    expect(() => stackWith({ waf: 'yes' })).toThrow(/waf "yes": use true or false/);
  });

  it('is associated with the AppSync API and the REST stage', () => {
    const { acls, associations } = wafResources(prod);
    const aclArn = { 'Fn::GetAtt': [acls[0]![0], 'Arn'] };
    const arns = associations.map(([, a]) => {
      expect(a.Properties.WebACLArn).toEqual(aclArn);
      return JSON.stringify(a.Properties.ResourceArn);
    });
    expect(arns).toHaveLength(2);
    expect(arns).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId(prod, 'Graphql/Api'), 'Arn'] }));
    const stageArn = arns.find((a) => a.includes('/stages/'));
    expect(stageArn).toContain(JSON.stringify({ Ref: logicalId(prod, 'Rest/Api') }));
    expect(stageArn).toContain(JSON.stringify({ Ref: logicalId(prod, 'Rest/Api/DeploymentStage.prod') }));
  });

  it('keeps cdk-nag clean either way, acknowledging APIG3 only where no web ACL exists', () => {
    const apig3Acks = (stack: OrdersStack) =>
      stack.node
        .findAll()
        .flatMap((c) =>
          c.node.metadata.filter(
            (m) =>
              m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
              Object.keys(m.data as object).some((id) => id.endsWith('AwsSolutions-APIG3')),
          ),
        );
    expect(nagFindings(prod)).toEqual([]);
    expect(apig3Acks(prod)).toEqual([]);
    const dev = stackWith();
    expect(nagFindings(dev)).toEqual([]);
    expect(apig3Acks(dev)).toHaveLength(1);
    // Without acknowledgements, prod has no APIG3 finding at all: the web ACL answers it.
    const spy = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    try {
      const raw = new AwsSolutionsChecks()
        .validateScope(stackWith({ stage: 'prod', alarmEmail: 'ops@example.com' }))
        .violations.map((v) => v.ruleName);
      expect(raw).not.toContain('AwsSolutions-APIG3');
    } finally {
      spy.mockRestore();
    }
  });

  it("fits every request this API accepts under the core rule set's 8 KB body limit", () => {
    const LIMIT = 8 * 1024;
    // Worst case per string argument: 100 characters, each an astral code point a client may escape as \uXXXX\uXXXX (12 bytes).
    const widest = '\\uD83D\\uDE00'.repeat(100);
    const body = (query: string, variables: object): number =>
      Buffer.byteLength(JSON.stringify({ query, variables }).replaceAll('"X"', `"${widest}"`), 'utf8');
    const create = body(
      'mutation Create($input: CreateOrderInput!) { createOrder(input: $input) { store_id order_id user_id grand_total timestamp created_at } }',
      {
        input: { store_id: 'X', order_id: 'X', user_id: 'X', grand_total: 999999999999.99 },
      },
    );
    // userOrders with the widest ids and a 4 KB allowance for AppSync's opaque nextToken.
    const list =
      body(
        'query List($s: String!, $u: String!, $n: String) { userOrders(store_id: $s, user_id: $u, limit: 50, nextToken: $n) { items { store_id order_id user_id grand_total timestamp created_at } nextToken } }',
        { s: 'X', u: 'X' },
      ) + 4096;
    const introspection = body(getIntrospectionQuery(), {});
    expect(Math.max(create, list, introspection), JSON.stringify({ create, list, introspection })).toBeLessThan(LIMIT);
  });
});

describe('readOperationsConfig (infra/bin/appConfig.ts)', () => {
  it('derives the WAF default from the stage and reads every key', () => {
    const get = (values: Record<string, string>) => (key: string) => values[key];
    expect(readOperationsConfig(get({}), 'dev')).toEqual({
      fieldLogLevel: 'ERROR',
      waf: false,
      wafRateLimit: 1000,
      alarms: {
        appSync5xxPercent: 1,
        appSync4xxPercent: 10,
        appSyncLatencyP99Ms: 1000,
        apiGateway5xxPercent: 1,
        apiGatewayLatencyP99Ms: 2000,
        dynamoThrottledRequests: 1,
        dynamoSystemErrors: 1,
        itemCollectionSizeErrors: 1,
      },
    });
    expect(readOperationsConfig(get({}), 'prod').waf).toBe(true);
    expect(readOperationsConfig(get({ fieldLogLevel: 'all', alarmEmail: 'a@b.co' }), 'dev')).toMatchObject({
      fieldLogLevel: 'ALL',
      alarmEmail: 'a@b.co',
    });
  });
});

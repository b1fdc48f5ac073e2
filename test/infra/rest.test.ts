/**
 * The REST shims in the synthesized template: API Gateway carries exactly the model, VTL and
 * gateway-response files of definitions/rest/ (the ones the local runtime uses), the integration
 * role may call exactly the routes' AppSync fields, and every method needs an API key bound to a
 * throttled usage plan.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Period } from 'aws-cdk-lib/aws-apigateway';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayResponses } from '../../definitions/rest/gatewayResponses.js';
import { readModel, readTemplate, restDefinitionsDir, restRoutes } from '../../definitions/rest/routes.js';
import { readRestShimsLimits } from '../../infra/bin/appConfig.js';
import type { OrdersStack } from '../../infra/lib/OrdersStack.js';
import { RestShims } from '../../infra/lib/RestShims.js';
import { makeStack, stackFromContext } from './helpers.js';

type Resource = { Type: string; Properties: Record<string, any> };

let stack: OrdersStack;
let template: Template;
let resources: Record<string, Resource>;

const ofType = (type: string): Array<[string, Resource]> => Object.entries(resources).filter(([, r]) => r.Type === type);
const rest = (): RestShims => stack.node.findChild('Rest') as RestShims;
const ref = (value: unknown) => Stack.of(stack).resolve(value) as Record<string, unknown>;

beforeAll(() => {
  stack = makeStack();
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
});

describe('models and templates come from definitions/rest/', () => {
  it.each(restRoutes.map((r) => [r.path, r] as const))('%s: the model is the file, exactly (draft-04)', (_, route) => {
    const models = ofType('AWS::ApiGateway::Model').filter(([, r]) => r.Properties.Name === route.modelName);
    expect(models).toHaveLength(1);
    const [, model] = models[0]!;
    expect(model.Properties.ContentType).toBe('application/json');
    expect(model.Properties.Schema).toEqual(readModel(route));
    expect(model.Properties.Schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  });

  it.each(restRoutes.map((r) => [r.path, r] as const))(
    '%s: POST with API key, body validator, model, and the VTL files exactly',
    (_, route) => {
      const method = rest().methods.get(route.path)!;
      const [, props] = [0, (resources[ref(method.methodId).Ref as string] as Resource).Properties];
      const [modelId] = ofType('AWS::ApiGateway::Model').find(([, r]) => r.Properties.Name === route.modelName)!;
      const [validatorId] = ofType('AWS::ApiGateway::RequestValidator')[0]!;
      expect(props.HttpMethod).toBe('POST');
      expect(props.ApiKeyRequired).toBe(true);
      expect(props.AuthorizationType).toBe('NONE');
      expect(props.RequestValidatorId).toEqual({ Ref: validatorId });
      const bodyTypes = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];
      expect(props.RequestModels).toEqual(Object.fromEntries(bodyTypes.map((t) => [t, { Ref: modelId }])));
      expect(props.Integration.Type).toBe('AWS');
      expect(props.Integration.IntegrationHttpMethod).toBe('POST');
      expect(props.Integration.PassthroughBehavior).toBe('NEVER');
      expect(props.Integration.Credentials).toEqual(ref(rest().integrationRole.roleArn));
      expect(props.Integration.RequestParameters).toEqual({ 'integration.request.header.Content-Type': "'application/json'" });
      expect(props.Integration.RequestTemplates).toEqual(
        Object.fromEntries(bodyTypes.map((t) => [t, readTemplate(route.requestTemplatePath)])),
      );
      expect(props.Integration.IntegrationResponses).toEqual([
        {
          StatusCode: '200',
          ResponseTemplates: { 'application/json': readTemplate(route.responseTemplatePath) },
          // CORS (definitions/rest/cors.ts, test/infra/rest.cors.test.ts).
          ResponseParameters: expect.objectContaining({ 'method.response.header.Access-Control-Allow-Origin': "'*'" }),
        },
      ]);
      const resource = resources[props.ResourceId.Ref as string]!;
      expect(resource.Properties.PathPart).toBe(route.path.slice(1));
    },
  );

  it("integrates with AppSync's /graphql on the API's own GraphQL host, as the appsync-api service", () => {
    const uris = ofType('AWS::ApiGateway::Method')
      .filter(([, m]) => m.Properties.HttpMethod === 'POST') // the others are CORS preflight mocks
      .map(([, m]) => JSON.stringify(m.Properties.Integration.Uri));
    expect(uris).toHaveLength(restRoutes.length);
    const graphqlUrl = JSON.stringify(ref(stack.graphqlUrl));
    for (const uri of uris) {
      expect(uri).toContain('.appsync-api:path/graphql');
      expect(uri).toContain(graphqlUrl); // the subdomain is cut from the API's GraphQLUrl
    }
  });

  it("answers API Gateway's own errors from the gateway-response files, exactly", () => {
    const found = ofType('AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
    expect(found.map((r) => r.ResponseType).sort()).toEqual(gatewayResponses.map((g) => g.type).sort());
    for (const definition of gatewayResponses) {
      const response = found.find((r) => r.ResponseType === definition.type)!;
      expect(response.StatusCode).toBe(String(definition.statusCode));
      expect(response.ResponseTemplates).toEqual({ 'application/json': readTemplate(definition.templatePath) });
    }
    expect(readTemplate(gatewayResponses.find((g) => g.type === 'INVALID_API_KEY')!.templatePath)).toBe('{"message":"Forbidden"}');
  });

  it('uses every file of definitions/rest/ (none stale)', () => {
    const json = JSON.stringify(template.toJSON());
    const files = readdirSync(restDefinitionsDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(vtl|json|tmpl)$/.test(f));
    expect(files.length).toBe(restRoutes.length * 3 + gatewayResponses.length);
    for (const file of files) {
      const text = readFileSync(join(restDefinitionsDir, file), 'utf8');
      const needle = file.endsWith('.model.json') ? JSON.stringify(JSON.parse(text)) : JSON.stringify(text);
      expect(json.includes(needle), file).toBe(true);
    }
  });

  it('validates bodies (and parameters) before any integration runs', () => {
    const validators = ofType('AWS::ApiGateway::RequestValidator');
    expect(validators).toHaveLength(1);
    expect(validators[0]![1].Properties).toMatchObject({ ValidateRequestBody: true, ValidateRequestParameters: true });
  });
});

describe('integration role', () => {
  it("may do exactly appsync:GraphQL on the routes' fields, nothing else", () => {
    const roleId = ref(rest().integrationRole.roleArn)['Fn::GetAtt'] as [string, string];
    const role = resources[roleId[0]]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const fieldArn = (type: string, field: string) => ref(`${stack.apiArn}/types/${type}/fields/${field}`);
    expect(role.Properties.Policies).toEqual([
      {
        PolicyName: 'AppSyncFields',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'appsync:GraphQL',
              Resource: [fieldArn('Mutation', 'createOrder'), fieldArn('Query', 'userOrders')],
            },
          ],
        },
      },
    ]);
    const attached = ofType('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles ?? []).includes(roleId[0]));
    expect(attached).toEqual([]);
  });

  it('is reached with IAM: the GraphQL API has IAM as an auth mode', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AdditionalAuthenticationProviders: Match.arrayWith([{ AuthenticationType: 'AWS_IAM' }]),
    });
  });
});

describe('API key, usage plan, logging, outputs', () => {
  it('binds one API key to a usage plan with the default throttle and quota on the deployed stage', () => {
    const plans = ofType('AWS::ApiGateway::UsagePlan');
    expect(plans).toHaveLength(1);
    const plan = plans[0]![1].Properties;
    expect(plan.Throttle).toEqual({ RateLimit: 50, BurstLimit: 100 });
    expect(plan.Quota).toEqual({ Limit: 100_000, Period: 'DAY' });
    // No per-method override: the plan's throttle applies to both methods.
    expect(plan.ApiStages).toEqual([{ ApiId: ref(rest().api.restApiId), Stage: ref(rest().api.deploymentStage.stageName), Throttle: {} }]);
    expect(ofType('AWS::ApiGateway::ApiKey')).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
      KeyType: 'API_KEY',
      KeyId: ref(rest().apiKey.keyId),
      UsagePlanId: { Ref: plans[0]![0] },
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'HEADER', Name: 'orders-rest-test' });
  });

  it('takes throttle and quota from CDK context, and refuses bad values', () => {
    const context = { restRateLimit: '5', restBurstLimit: 10, restQuotaLimit: 1000, restQuotaPeriod: 'month' };
    const custom = Template.fromStack(stackFromContext({ stage: 'limits', stackName: 'OrdersApi-limits', ...context }));
    custom.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 5, BurstLimit: 10 },
      Quota: { Limit: 1000, Period: 'MONTH' },
    });

    expect(readRestShimsLimits(() => undefined)).toEqual({
      throttle: { rateLimit: 50, burstLimit: 100 },
      quota: { limit: 100_000, period: Period.DAY },
    });
    const bad: Array<Record<string, unknown>> = [
      { restRateLimit: 0 },
      { restBurstLimit: 1.5 },
      { restQuotaPeriod: 'year' },
      { restRateLimit: 200, restBurstLimit: 100 },
    ];
    for (const context of bad) expect(() => readRestShimsLimits((k) => context[k]), JSON.stringify(context)).toThrow();
  });

  it('logs access to its own log group with retention, execution errors without bodies, and traces', () => {
    const logGroupId = ref(rest().accessLogs.logGroupArn)['Fn::GetAtt'] as [string, string];
    expect(resources[logGroupId[0]]!.Properties.RetentionInDays).toBe(30);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'test',
      TracingEnabled: true,
      // The log group's ARN as API Gateway stores it, without ':*' (cdk.json's
      // @aws-cdk/aws-apigateway:logGroupDestinationArnWithoutWildcard: no drift reported on every run).
      AccessLogSetting: {
        DestinationArn: { 'Fn::Join': ['', Match.arrayWith([':log-group:', { Ref: logGroupId[0] }])] },
        Format: Match.stringLikeRegexp('requestId'),
      },
      MethodSettings: [Match.objectLike({ LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true })],
    });
  });

  it('outputs the REST base URL and the API key id', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.RestUrl?.Value).toEqual(ref(rest().url));
    expect(JSON.stringify(outputs.RestUrl?.Value)).toContain('execute-api');
    expect(outputs.RestApiKeyId?.Value).toEqual(ref(rest().apiKey.keyId));
  });
});

describe("API Gateway's account-level CloudWatch role (one setting per account and region)", () => {
  it('is set by default, and CloudFormation keeps the role and the setting when the stack is deleted', () => {
    expect(ofType('AWS::ApiGateway::Account')).toHaveLength(1);
    const raw = template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string; Properties: Record<string, any> }>;
    const [accountId, accountResource] = Object.entries(raw).find(([, r]) => r.Type === 'AWS::ApiGateway::Account')!;
    expect(accountResource.DeletionPolicy, accountId).toBe('Retain');
    const roleId = (accountResource.Properties.CloudWatchRoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(raw[roleId]?.DeletionPolicy).toBe('Retain');
    expect(raw[roleId]?.Properties.ManagedPolicyArns).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']] },
    ]);
  });

  it('is left alone with apiGatewayCloudWatchRole false (the account already has one)', () => {
    const other = Template.fromStack(makeStack({ apiGatewayCloudWatchRole: false }, 'OrdersApi-norole')).toJSON().Resources as Record<
      string,
      Resource
    >;
    const types = Object.values(other).map((r) => r.Type);
    expect(types).not.toContain('AWS::ApiGateway::Account');
    expect(
      Object.values(other).filter(
        (r) => r.Type === 'AWS::IAM::Role' && JSON.stringify(r.Properties).includes('AmazonAPIGatewayPushToCloudWatchLogs'),
      ),
    ).toEqual([]);
    // Execution logging stays on: it uses the account's existing role.
    expect(Object.values(other).find((r) => r.Type === 'AWS::ApiGateway::Stage')?.Properties.MethodSettings).toEqual([
      expect.objectContaining({ LoggingLevel: 'ERROR', DataTraceEnabled: false }),
    ]);
  });
});

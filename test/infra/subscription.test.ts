/** The onCreateOrder subscription in the synthesized stack: its resolver on a NONE data source. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listResolvers } from '../../definitions/resolverWiring.js';
import { builtBundles, makeStack } from './helpers.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

let template: Template;

beforeAll(() => {
  template = Template.fromStack(makeStack({}, 'OrdersApi-subscription'));
});

describe('Subscription.onCreateOrder', () => {
  const bundle = builtBundles().find((b) => b.name === 'Subscription.onCreateOrder.none');

  it('is wired from resolvers/Subscription.onCreateOrder.none.ts to the NONE data source', () => {
    expect(bundle).toBeDefined();
    expect(
      listResolvers()
        .filter((w) => w.typeName === 'Subscription')
        .map((w) => `${w.fieldName}:${w.dataSource}`),
    ).toEqual(['onCreateOrder:none']);
  });

  it('has a NONE data source named none, with no role', () => {
    const found = template.findResources('AWS::AppSync::DataSource', { Properties: { Type: 'NONE' } }) as Record<string, Resource>;
    expect(Object.values(found).map((r) => r.Properties.Name)).toEqual(['none']);
    template.hasResourceProperties('AWS::AppSync::DataSource', { Name: 'none', Type: 'NONE', ServiceRoleArn: Match.absent() });
  });

  it('is an APPSYNC_JS 1.0.0 unit resolver on none whose code is the bundle, byte for byte', () => {
    const found = template.findResources('AWS::AppSync::Resolver', {
      Properties: { TypeName: 'Subscription', FieldName: 'onCreateOrder' },
    }) as Record<string, Resource>;
    const resolvers = Object.values(found);
    expect(resolvers).toHaveLength(1);
    const resolver = resolvers[0]!;
    expect(resolver.Properties.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
    expect(resolver.Properties.Kind).toBe('UNIT');
    expect(resolver.Properties.DataSourceName).toBe('none');
    expect(resolver.Properties.Code).toBe(readFileSync(bundle!.bundlePath, 'utf8'));
    // The code filters with AppSync's enhanced filtering.
    expect(resolver.Properties.Code).toContain('setSubscriptionFilter');
  });

  it('is in the deployed schema with @aws_subscribe on createOrder and every auth mode', () => {
    const schemas = Object.values(template.findResources('AWS::AppSync::GraphQLSchema') as Record<string, Resource>);
    expect(schemas).toHaveLength(1);
    const definition = String(schemas[0]!.Properties.Definition);
    expect(definition).toMatch(/type Subscription @aws_api_key @aws_iam @aws_cognito_user_pools \{/);
    expect(definition).toMatch(/\): Order @aws_subscribe\(mutations: \["createOrder"\]\)/);
  });
});

/** The API's run limits in the template: one definition (definitions/apiLimits.ts), CDK context overrides. */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_LIMITS } from '../../definitions/apiLimits.js';
import { readApiLimits } from '../../infra/bin/appConfig.js';
import { makeStack, stackFromContext } from './helpers.js';

describe('GraphQL API run limits', () => {
  it('deploys the values the local runtime enforces', () => {
    Template.fromStack(makeStack()).hasResourceProperties('AWS::AppSync::GraphQLApi', {
      QueryDepthLimit: DEFAULT_API_LIMITS.queryDepthLimit,
      ResolverCountLimit: DEFAULT_API_LIMITS.resolverCountLimit,
      IntrospectionConfig: 'ENABLED',
    });
    expect(DEFAULT_API_LIMITS).toEqual({ queryDepthLimit: 15, resolverCountLimit: 10, introspection: true });
  });

  it('takes -c queryDepthLimit / resolverCountLimit / introspection', () => {
    const context = { queryDepthLimit: '20', resolverCountLimit: '100', introspection: 'disabled' };
    const stack = stackFromContext({ stage: 'test', stackName: 'OrdersApi-limits', ...context });
    Template.fromStack(stack).hasResourceProperties('AWS::AppSync::GraphQLApi', {
      QueryDepthLimit: 20,
      ResolverCountLimit: 100,
      IntrospectionConfig: 'DISABLED',
    });
  });

  it("refuses values outside AppSync's ranges (depth 1–75, resolvers 1–10000)", () => {
    expect(() => readApiLimits((k) => ({ queryDepthLimit: '76' })[k])).toThrow('queryDepthLimit "76": use a whole number from 1 to 75');
    expect(() => readApiLimits((k) => ({ queryDepthLimit: '0' })[k])).toThrow(/from 1 to 75/);
    expect(() => readApiLimits((k) => ({ resolverCountLimit: '10001' })[k])).toThrow(/from 1 to 10000/);
    expect(() => readApiLimits((k) => ({ resolverCountLimit: '2.5' })[k])).toThrow(/whole number/);
    expect(() => readApiLimits((k) => ({ introspection: 'off' })[k])).toThrow('introspection "off": use enabled or disabled');
    expect(readApiLimits(() => undefined)).toEqual(DEFAULT_API_LIMITS);
  });
});

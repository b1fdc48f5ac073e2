/**
 * `-c apiKeyName=`: a new name makes CloudFormation replace the stack's AppSync API key (a new
 * logical id: create the new key, delete the old one), the step docs/operations.md's rotation uses.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stackFromContext } from './helpers.js';

function apiKeyOf(context: Record<string, string>): { logicalId: string; output: unknown } {
  const template = Template.fromStack(stackFromContext({ stage: 'test', stackName: 'OrdersApi-key', ...context }));
  const keys = Object.keys(template.findResources('AWS::AppSync::ApiKey'));
  expect(keys).toHaveLength(1);
  return { logicalId: keys[0]!, output: template.findOutputs('ApiKeyId').ApiKeyId?.Value };
}

describe('API key name', () => {
  // Two full stacks: each synth gets a hook of its own (hookTimeout), the machine may be busy.
  let before: ReturnType<typeof apiKeyOf>;
  let after: ReturnType<typeof apiKeyOf>;
  beforeAll(() => {
    before = apiKeyOf({});
  });
  beforeAll(() => {
    after = apiKeyOf({ apiKeyName: 'Rotation2' });
  });

  it("is aws-cdk-lib's default without context, and a new name gives a new key resource that ApiKeyId follows", () => {
    expect(before.logicalId).toMatch(/DefaultApiKey/);
    expect(after.logicalId).toMatch(/Rotation2ApiKey/);
    expect(after.logicalId).not.toBe(before.logicalId);
    expect(after.output).toEqual({ 'Fn::GetAtt': [after.logicalId, 'ApiKeyId'] });
  });

  it('refuses a name that cannot be part of a logical id', () => {
    expect(() => apiKeyOf({ apiKeyName: 'rotation-2' })).toThrow(/apiKeyName "rotation-2"/);
  });
});

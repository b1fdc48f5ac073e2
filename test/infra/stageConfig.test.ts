/** `-c key=value` parsing for the CDK app. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { readStageConfig } from '../../infra/lib/stageConfig.js';

const read = (context: Record<string, unknown>) => readStageConfig((key) => context[key]);

describe('readStageConfig', () => {
  it('defaults: stage dev, stack OrdersApi-dev, table retained, 30-day key, 30-day logs', () => {
    expect(read({})).toEqual({
      stage: 'dev',
      stackName: 'OrdersApi-dev',
      removalPolicy: RemovalPolicy.RETAIN,
      apiKeyExpiryDays: 30,
      logRetention: RetentionDays.ONE_MONTH,
      apiGatewayCloudWatchRole: true,
    });
  });

  it('reads every key from context (strings, as -c gives them)', () => {
    expect(
      read({
        stage: 'prod',
        stackName: 'Orders-Prod',
        removalPolicy: 'DESTROY',
        apiKeyExpiryDays: '365',
        logRetentionDays: '90',
        apiGatewayCloudWatchRole: 'false',
      }),
    ).toEqual({
      stage: 'prod',
      stackName: 'Orders-Prod',
      removalPolicy: RemovalPolicy.DESTROY,
      apiKeyExpiryDays: 365,
      logRetention: RetentionDays.THREE_MONTHS,
      apiGatewayCloudWatchRole: false,
    });
    expect(read({ stage: 'qa-2' }).stackName).toBe('OrdersApi-qa-2');
  });

  it.each([
    [{ stage: 'Prod' }, /stage/],
    [{ stage: 'a b' }, /stage/],
    [{ stackName: '1abc' }, /stackName/],
    [{ removalPolicy: 'snapshot' }, /removalPolicy/],
    [{ apiKeyExpiryDays: '0' }, /apiKeyExpiryDays/],
    [{ apiKeyExpiryDays: '400' }, /apiKeyExpiryDays/],
    [{ apiKeyExpiryDays: 'week' }, /apiKeyExpiryDays/],
    [{ logRetentionDays: '31' }, /logRetentionDays/],
    [{ apiGatewayCloudWatchRole: 'yes' }, /apiGatewayCloudWatchRole/],
  ])('refuses %o', (context, message) => {
    expect(() => read(context)).toThrow(message);
  });
});

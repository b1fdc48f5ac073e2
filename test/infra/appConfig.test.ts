/**
 * `-c key=value` for the CDK app: read once by infra/bin/appConfig.ts into the stack's props, the
 * keys docs/deploy.md lists, and no construct that reads context on its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_API_LIMITS } from '../../definitions/apiLimits.js';
import { projectRoot } from '../../definitions/paths.js';
import { ordersStackProps, readAppConfig, readStageConfig } from '../../infra/bin/appConfig.js';
import { DEFAULT_IDENTITY, OrdersStack, defaultOperations } from '../../infra/lib/OrdersStack.js';
import { DEFAULT_REST_SHIMS_LIMITS } from '../../infra/lib/RestShims.js';
import { builtBundles } from './helpers.js';

const lookup = (context: Record<string, unknown>) => (key: string) => context[key];
const read = (context: Record<string, unknown>) => readStageConfig(lookup(context));

/** A value other than the default for every key the app reads. */
const EVERY_KEY: Readonly<Record<string, string>> = {
  stage: 'qa',
  stackName: 'Orders-QA',
  removalPolicy: 'destroy',
  apiKeyExpiryDays: '7',
  logRetentionDays: '90',
  apiGatewayCloudWatchRole: 'false',
  existingTableName: 'OldOrders',
  existingIndexName: 'ix_1',
  apiKey: 'false',
  userPoolId: 'us-east-1_AbCdEf123',
  apiKeyName: 'Rotation2',
  alarmEmail: 'ops@example.com',
  fieldLogLevel: 'ALL',
  waf: 'true',
  wafRateLimit: '250',
  alarmAppSync5xxPercent: '7',
  alarmAppSync4xxPercent: '7',
  alarmAppSyncLatencyP99Ms: '7',
  alarmApiGateway5xxPercent: '7',
  alarmApiGatewayLatencyP99Ms: '7',
  alarmDynamoThrottles: '7',
  alarmDynamoSystemErrors: '7',
  alarmItemCollectionErrors: '7',
  restRateLimit: '5',
  restBurstLimit: '200',
  restQuotaLimit: '1000',
  restQuotaPeriod: 'month',
  queryDepthLimit: '20',
  resolverCountLimit: '100',
  introspection: 'disabled',
};

/** The key names in the first column of docs/deploy.md's "Context" table. */
function documentedKeys(): string[] {
  const doc = readFileSync(join(projectRoot, 'docs', 'deploy.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Context'), doc.indexOf('\n## ', doc.indexOf('## Context') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]!));
}

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

  it('reads numbers and booleans as cdk.json gives them, and an empty value as unset', () => {
    expect(read({ apiKeyExpiryDays: 7, logRetentionDays: 90, apiGatewayCloudWatchRole: false, stage: '' })).toMatchObject({
      stage: 'dev',
      apiKeyExpiryDays: 7,
      logRetention: RetentionDays.THREE_MONTHS,
      apiGatewayCloudWatchRole: false,
    });
  });

  it.each([
    [{ stage: 'Prod' }, /stage/],
    [{ stage: 'a b' }, /stage/],
    [{ stackName: '1abc' }, /stackName/],
    [{ removalPolicy: 'snapshot' }, /removalPolicy/],
    // A name every object has is no choice: before, it reached the table as a function.
    [{ removalPolicy: 'constructor' }, /^removalPolicy "constructor": use retain or destroy$/],
    [{ apiKeyExpiryDays: '0' }, /apiKeyExpiryDays/],
    [{ apiKeyExpiryDays: '400' }, /apiKeyExpiryDays/],
    [{ apiKeyExpiryDays: 'week' }, /apiKeyExpiryDays/],
    [{ logRetentionDays: '31' }, /logRetentionDays/],
    [{ apiGatewayCloudWatchRole: 'yes' }, /apiGatewayCloudWatchRole/],
  ])('refuses %o', (context, message) => {
    expect(() => read(context)).toThrow(message);
  });
});

describe('readAppConfig', () => {
  it('without context, gives the props the stack defaults to', () => {
    expect(readAppConfig(lookup({}))).toEqual({
      ...read({}),
      operations: defaultOperations('dev'),
      identity: DEFAULT_IDENTITY,
      apiLimits: DEFAULT_API_LIMITS,
      restLimits: DEFAULT_REST_SHIMS_LIMITS,
    });
  });

  it('reads exactly the keys docs/deploy.md lists', () => {
    const asked = new Set<string>();
    readAppConfig((key) => {
      asked.add(key);
      return undefined;
    });
    expect([...asked].sort()).toEqual(documentedKeys().sort());
    expect(Object.keys(EVERY_KEY).sort()).toEqual([...asked].sort());
  });

  it.each(Object.entries(EVERY_KEY))('lets -c %s=%s change the props', (key, value) => {
    const base = key === 'existingIndexName' ? { existingTableName: 'OldOrders' } : {};
    expect(readAppConfig(lookup({ ...base, [key]: value }))).not.toEqual(readAppConfig(lookup(base)));
  });
});

describe('the stack and its constructs', () => {
  it('build the same template from the same props, whatever the context holds: none of them reads it', () => {
    // The API key's expiry counts from the clock: both synths see the same instant.
    vi.useFakeTimers({ now: new Date('2026-01-01T12:00:00Z'), toFake: ['Date'] });
    try {
      const config = readAppConfig(lookup({}));
      const props = { ...ordersStackProps(config), resolvers: builtBundles() };
      const plain = Template.fromStack(new OrdersStack(new App(), config.stackName, props)).toJSON();
      const noisy = Template.fromStack(new OrdersStack(new App({ context: EVERY_KEY }), config.stackName, props)).toJSON();
      expect(noisy).toEqual(plain);
    } finally {
      vi.useRealTimers();
    }
  });
});

/**
 * Everything `-c key=value` (and cdk.json's `context`) may set, read once into the stack's typed
 * props. Only the app's entry (app.ts) calls readAppConfig; stacks and constructs take props and
 * never read context, as CDK's best practices ask ("Configure with properties and methods, not
 * environment variables": lookups at the app's top level only,
 * https://docs.aws.amazon.com/cdk/v2/guide/best-practices.html#best-practices-constructs-config).
 * Pure: takes a lookup, so the app passes `app.node.tryGetContext` and tests a plain object.
 * docs/deploy.md "Context" lists the keys.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Period } from 'aws-cdk-lib/aws-apigateway';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_API_LIMITS, QUERY_DEPTH_RANGE, RESOLVER_COUNT_RANGE, type ApiLimits } from '../../definitions/apiLimits.js';
import { apiKeyExpiryDaysProblem } from '../lib/apiKeyExpiry.js';
import {
  DEFAULT_IDENTITY,
  defaultOperations,
  type IdentityConfig,
  type OperationsConfig,
  type OrdersStackProps,
} from '../lib/OrdersStack.js';
import type { ExistingOrdersTable } from '../lib/OrdersTable.js';
import { USER_POOL_ID_PATTERN } from '../lib/OrdersUserPool.js';
import { DEFAULT_REST_SHIMS_LIMITS, type RestShimsLimits } from '../lib/RestShims.js';
import { contextValues, type ContextLookup, type ContextValues } from './contextValues.js';

/** The stage's own settings. */
export interface StageConfig {
  /** `-c stage=` (default `dev`): names the stack, the API and the tags. */
  readonly stage: string;
  /** `-c stackName=` (default `OrdersApi-<stage>`), so several stages fit one account. */
  readonly stackName: string;
  /** `-c removalPolicy=retain|destroy` (default `retain`): what happens to the table on stack deletion. */
  readonly removalPolicy: RemovalPolicy;
  /** `-c apiKeyExpiryDays=` (default 30, 1–365; see apiKeyExpiry.ts for how AppSync counts them). */
  readonly apiKeyExpiryDays: number;
  /** `-c logRetentionDays=` (default 30; one of CloudWatch's retention values). */
  readonly logRetention: RetentionDays;
  /**
   * `-c apiGatewayCloudWatchRole=true|false` (default true): whether the stack sets the region's
   * API Gateway CloudWatch role (`AWS::ApiGateway::Account`); false when the account already has one.
   */
  readonly apiGatewayCloudWatchRole: boolean;
  /**
   * `-c existingTableName=`: adopt the old API's table instead of creating one (docs/migration.md).
   * `-c existingIndexName=` names its `timestamp` LSI when that is not `timestamp-index`.
   */
  readonly existingTable?: ExistingOrdersTable;
}

/** The whole configuration: the OrdersStack props every context key decides. */
export interface AppConfig extends StageConfig {
  readonly operations: OperationsConfig;
  readonly identity: IdentityConfig;
  readonly restLimits: RestShimsLimits;
  readonly apiLimits: ApiLimits;
  /** `-c apiKeyName=` (default aws-cdk-lib's `Default`): a new name replaces the AppSync key (docs/operations.md). */
  readonly apiKeyName?: string;
}

export function readAppConfig(get: ContextLookup): AppConfig {
  const stage = readStageConfig(get);
  const apiKeyName = contextValues(get).text('apiKeyName');
  return {
    ...stage,
    operations: readOperationsConfig(get, stage.stage),
    identity: readIdentityConfig(get),
    apiLimits: readApiLimits(get),
    restLimits: readRestShimsLimits(get),
    ...(apiKeyName !== undefined ? { apiKeyName } : {}),
  };
}

/** The stack's props for this configuration; the stack's construct id is `config.stackName`. */
export function ordersStackProps(config: AppConfig): OrdersStackProps {
  return { ...config, description: `Orders API (${config.stage}): AppSync GraphQL + DynamoDB` };
}

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const STACK_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const REMOVAL_POLICIES: Readonly<Record<string, RemovalPolicy>> = { retain: RemovalPolicy.RETAIN, destroy: RemovalPolicy.DESTROY };
const RETENTION_VALUES = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

export function readStageConfig(get: ContextLookup): StageConfig {
  const values = contextValues(get);
  const stage = values.matching('stage', STAGE_PATTERN, "use 1–20 lowercase letters, digits or '-', starting with a letter") ?? 'dev';
  const stackName = values.text('stackName') ?? `OrdersApi-${stage}`;
  if (!STACK_NAME_PATTERN.test(stackName)) throw new Error(`stackName "${stackName}" is not a valid CloudFormation stack name`);
  const removalPolicy = values.oneOf('removalPolicy', 'retain', REMOVAL_POLICIES);
  const apiKeyExpiryDays = values.number('apiKeyExpiryDays', 30, apiKeyExpiryDaysProblem);
  const logRetention = values.number('logRetentionDays', 30, (days) =>
    RETENTION_VALUES.has(days) ? null : `use one of ${[...RETENTION_VALUES].sort((a, b) => a - b).join(', ')}`,
  ) as RetentionDays;
  const apiGatewayCloudWatchRole = values.flag('apiGatewayCloudWatchRole', true);
  const existingTable = readExistingTable(values);
  return {
    ...(existingTable ? { existingTable } : {}),
    stage,
    stackName,
    removalPolicy,
    apiKeyExpiryDays,
    logRetention,
    apiGatewayCloudWatchRole,
  };
}

/** DynamoDB's rule for table and index names: 3–255 of `a-z A-Z 0-9 _ - .`. */
const DYNAMODB_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const DYNAMODB_NAME_RULE = "use 3–255 of a-z, A-Z, 0-9, '_', '-', '.'";

function readExistingTable(values: ContextValues): ExistingOrdersTable | undefined {
  if (values.text('existingTableName') === undefined) {
    if (values.text('existingIndexName') !== undefined) {
      throw new Error('existingIndexName needs existingTableName (the table that index belongs to)');
    }
    return undefined;
  }
  const tableName = values.matching('existingTableName', DYNAMODB_NAME, DYNAMODB_NAME_RULE)!;
  const indexName = values.matching('existingIndexName', DYNAMODB_NAME, DYNAMODB_NAME_RULE);
  return indexName === undefined ? { tableName } : { tableName, indexName };
}

const FIELD_LOG_LEVELS = { ERROR: 'ERROR', INFO: 'INFO', DEBUG: 'DEBUG', ALL: 'ALL' } as const;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Alarms, field logs and WAF; `stage` decides the WAF default (on in `prod`). */
export function readOperationsConfig(get: ContextLookup, stage: string): OperationsConfig {
  const values = contextValues(get);
  const defaults = defaultOperations(stage);
  const alarmEmail = values.matching('alarmEmail', EMAIL_PATTERN, 'use an e-mail address');
  const alarm = (key: string, fallback: number): number => values.positiveNumber(key, fallback);
  return {
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    fieldLogLevel: values.oneOf('fieldLogLevel', defaults.fieldLogLevel, FIELD_LOG_LEVELS, {
      fold: 'upper',
      requirement: `use ${Object.keys(FIELD_LOG_LEVELS).join(', ')}`,
    }),
    waf: values.flag('waf', defaults.waf),
    // AWS WAF rate-based rules: the lowest limit is 10 requests per evaluation window (5 minutes here):
    // https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
    wafRateLimit: values.wholeNumber('wafRateLimit', defaults.wafRateLimit, { min: 10, max: 2_000_000_000 }),
    alarms: {
      appSync5xxPercent: alarm('alarmAppSync5xxPercent', defaults.alarms.appSync5xxPercent),
      appSync4xxPercent: alarm('alarmAppSync4xxPercent', defaults.alarms.appSync4xxPercent),
      appSyncLatencyP99Ms: alarm('alarmAppSyncLatencyP99Ms', defaults.alarms.appSyncLatencyP99Ms),
      apiGateway5xxPercent: alarm('alarmApiGateway5xxPercent', defaults.alarms.apiGateway5xxPercent),
      apiGatewayLatencyP99Ms: alarm('alarmApiGatewayLatencyP99Ms', defaults.alarms.apiGatewayLatencyP99Ms),
      dynamoThrottledRequests: alarm('alarmDynamoThrottles', defaults.alarms.dynamoThrottledRequests),
      dynamoSystemErrors: alarm('alarmDynamoSystemErrors', defaults.alarms.dynamoSystemErrors),
      itemCollectionSizeErrors: alarm('alarmItemCollectionErrors', defaults.alarms.itemCollectionSizeErrors),
    },
  };
}

/** `-c apiKey=true|false` and `-c userPoolId=<region>_<id>`. */
export function readIdentityConfig(get: ContextLookup): IdentityConfig {
  const values = contextValues(get);
  const existingUserPoolId = values.matching(
    'userPoolId',
    USER_POOL_ID_PATTERN,
    'use a user pool id, <region>_<id> (e.g. us-east-1_AbCdEf123)',
  );
  return {
    apiKey: values.flag('apiKey', DEFAULT_IDENTITY.apiKey),
    ...(existingUserPoolId !== undefined ? { existingUserPoolId } : {}),
  };
}

const PERIODS: Readonly<Record<string, Period>> = { day: Period.DAY, week: Period.WEEK, month: Period.MONTH };

/** The REST shims' usage plan: `-c restRateLimit= restBurstLimit= restQuotaLimit= restQuotaPeriod=day|week|month`. */
export function readRestShimsLimits(get: ContextLookup): RestShimsLimits {
  const values = contextValues(get);
  const defaults = DEFAULT_REST_SHIMS_LIMITS;
  const rateLimit = values.wholeNumber('restRateLimit', defaults.throttle.rateLimit, { min: 1, max: 10_000 });
  const burstLimit = values.wholeNumber('restBurstLimit', defaults.throttle.burstLimit, { min: 1, max: 5_000 });
  if (burstLimit < Math.min(rateLimit, 5_000)) throw new Error(`restBurstLimit ${burstLimit} must be at least restRateLimit ${rateLimit}`);
  const period = values.oneOf('restQuotaPeriod', 'day', PERIODS);
  const limit = values.wholeNumber('restQuotaLimit', defaults.quota.limit, { min: 1, max: 2_000_000_000 });
  return { throttle: { rateLimit, burstLimit }, quota: { limit, period } };
}

/**
 * The GraphQL API's run limits (`-c queryDepthLimit= resolverCountLimit= introspection=enabled|disabled`),
 * each within AppSync's range; what is unset keeps DEFAULT_API_LIMITS, the values the local runtime enforces.
 */
export function readApiLimits(get: ContextLookup): ApiLimits {
  const values = contextValues(get);
  const note = " (AppSync's range)";
  const introspection = values.oneOf('introspection', DEFAULT_API_LIMITS.introspection ? 'enabled' : 'disabled', {
    enabled: true,
    disabled: false,
  });
  return {
    queryDepthLimit: values.wholeNumber('queryDepthLimit', DEFAULT_API_LIMITS.queryDepthLimit, QUERY_DEPTH_RANGE, note),
    resolverCountLimit: values.wholeNumber('resolverCountLimit', DEFAULT_API_LIMITS.resolverCountLimit, RESOLVER_COUNT_RANGE, note),
    introspection,
  };
}

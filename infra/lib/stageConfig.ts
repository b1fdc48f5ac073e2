/**
 * What `-c key=value` may set, parsed and checked once. Pure: takes a lookup, so the app reads
 * CDK context and tests pass a plain object.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { apiKeyExpiryDaysProblem } from './apiKeyExpiry.js';
import { USER_POOL_ID_PATTERN } from './OrdersUserPool.js';

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
  readonly existingTable?: { readonly tableName: string; readonly indexName?: string };
}

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const REMOVAL_POLICIES: Record<string, RemovalPolicy> = {
  retain: RemovalPolicy.RETAIN,
  destroy: RemovalPolicy.DESTROY,
};
const RETENTION_VALUES = new Set<number>(Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'));

export function readStageConfig(get: (key: string) => unknown): StageConfig {
  const text = (key: string): string | undefined => {
    const value = get(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value);
  };

  const stage = text('stage') ?? 'dev';
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`stage "${stage}": use 1–20 lowercase letters, digits or '-', starting with a letter`);
  }

  const stackName = text('stackName') ?? `OrdersApi-${stage}`;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
    throw new Error(`stackName "${stackName}" is not a valid CloudFormation stack name`);
  }

  const removalText = (text('removalPolicy') ?? 'retain').toLowerCase();
  const removalPolicy = REMOVAL_POLICIES[removalText];
  if (removalPolicy === undefined) {
    throw new Error(`removalPolicy "${removalText}": use retain or destroy`);
  }

  const expiryText = text('apiKeyExpiryDays') ?? '30';
  const apiKeyExpiryDays = Number(expiryText);
  const expiryProblem = apiKeyExpiryDaysProblem(apiKeyExpiryDays);
  if (expiryProblem !== null) throw new Error(`apiKeyExpiryDays "${expiryText}": ${expiryProblem}`);

  const retentionText = text('logRetentionDays') ?? '30';
  const retentionDays = Number(retentionText);
  if (!RETENTION_VALUES.has(retentionDays)) {
    throw new Error(`logRetentionDays "${retentionText}": use one of ${[...RETENTION_VALUES].sort((a, b) => a - b).join(', ')}`);
  }

  const roleText = (text('apiGatewayCloudWatchRole') ?? 'true').toLowerCase();
  if (roleText !== 'true' && roleText !== 'false') throw new Error(`apiGatewayCloudWatchRole "${roleText}": use true or false`);

  const existingTable = readExistingTable(text('existingTableName'), text('existingIndexName'));

  return {
    ...(existingTable ? { existingTable } : {}),
    stage,
    stackName,
    removalPolicy,
    apiKeyExpiryDays,
    logRetention: retentionDays as RetentionDays,
    apiGatewayCloudWatchRole: roleText === 'true',
  };
}

/** Alarm thresholds (`-c alarm…=`); each alarm fires when its metric reaches the value. */
export interface AlarmThresholds {
  /** `-c alarmAppSync5xxPercent=` (default 1): AppSync 5XXError / Requests, percent, per 5 minutes. */
  readonly appSync5xxPercent: number;
  /** `-c alarmAppSync4xxPercent=` (default 10): AppSync 4XXError / Requests, percent, per 5 minutes. */
  readonly appSync4xxPercent: number;
  /** `-c alarmAppSyncLatencyP99Ms=` (default 1000): AppSync Latency p99, milliseconds. */
  readonly appSyncLatencyP99Ms: number;
  /** `-c alarmApiGateway5xxPercent=` (default 1): REST stage 5XXError rate, percent. */
  readonly apiGateway5xxPercent: number;
  /** `-c alarmApiGatewayLatencyP99Ms=` (default 2000): REST stage Latency p99 (includes the AppSync call), ms. */
  readonly apiGatewayLatencyP99Ms: number;
  /** `-c alarmDynamoThrottles=` (default 1): ThrottledRequests (PutItem + Query) per 5 minutes. */
  readonly dynamoThrottledRequests: number;
  /** `-c alarmDynamoSystemErrors=` (default 1): SystemErrors (PutItem + Query) per 5 minutes. */
  readonly dynamoSystemErrors: number;
  /** `-c alarmItemCollectionErrors=` (default 1): ItemCollectionSizeLimitExceededException log events per 5 minutes. */
  readonly itemCollectionSizeErrors: number;
}

/** Monitoring, logging and protection switches (`-c key=value`), read by OrdersStack. */
export interface OperationsConfig {
  /** `-c alarmEmail=` (default none): an e-mail subscription on the alarm topic. */
  readonly alarmEmail?: string;
  /** `-c fieldLogLevel=ERROR|INFO|DEBUG|ALL` (default ERROR): AppSync field-level logging. */
  readonly fieldLogLevel: 'ERROR' | 'INFO' | 'DEBUG' | 'ALL';
  /** `-c waf=true|false` (default true in `prod`, false elsewhere): the WAF web ACL. */
  readonly waf: boolean;
  /** `-c wafRateLimit=` (default 1000, 10–2000000000): requests per IP per 5 minutes before WAF blocks. */
  readonly wafRateLimit: number;
  readonly alarms: AlarmThresholds;
}

const FIELD_LOG_LEVELS = ['ERROR', 'INFO', 'DEBUG', 'ALL'] as const;
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Reads the operations switches; `stage` decides the WAF default (on in `prod`). */
export function readOperationsConfig(get: (key: string) => unknown, stage: string): OperationsConfig {
  const text = (key: string): string | undefined => {
    const value = get(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const positive = (key: string, fallback: number): number => {
    const raw = text(key) ?? String(fallback);
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${key} "${raw}": use a number greater than 0`);
    return value;
  };

  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !EMAIL_PATTERN.test(alarmEmail)) throw new Error(`alarmEmail "${alarmEmail}": use an e-mail address`);

  const levelText = (text('fieldLogLevel') ?? 'ERROR').toUpperCase();
  const fieldLogLevel = FIELD_LOG_LEVELS.find((level) => level === levelText);
  if (fieldLogLevel === undefined) throw new Error(`fieldLogLevel "${levelText}": use ${FIELD_LOG_LEVELS.join(', ')}`);

  const wafText = (text('waf') ?? String(stage === 'prod')).toLowerCase();
  if (wafText !== 'true' && wafText !== 'false') throw new Error(`waf "${wafText}": use true or false`);

  // AWS WAF rate-based rules: the lowest limit is 10 requests per evaluation window (5 minutes here):
  // https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
  const rateText = text('wafRateLimit') ?? '1000';
  const wafRateLimit = Number(rateText);
  if (!Number.isInteger(wafRateLimit) || wafRateLimit < 10 || wafRateLimit > 2_000_000_000) {
    throw new Error(`wafRateLimit "${rateText}": use a whole number from 10 to 2000000000`);
  }

  return {
    ...(alarmEmail !== undefined ? { alarmEmail } : {}),
    fieldLogLevel,
    waf: wafText === 'true',
    wafRateLimit,
    alarms: {
      appSync5xxPercent: positive('alarmAppSync5xxPercent', 1),
      appSync4xxPercent: positive('alarmAppSync4xxPercent', 10),
      appSyncLatencyP99Ms: positive('alarmAppSyncLatencyP99Ms', 1000),
      apiGateway5xxPercent: positive('alarmApiGateway5xxPercent', 1),
      apiGatewayLatencyP99Ms: positive('alarmApiGatewayLatencyP99Ms', 2000),
      dynamoThrottledRequests: positive('alarmDynamoThrottles', 1),
      dynamoSystemErrors: positive('alarmDynamoSystemErrors', 1),
      itemCollectionSizeErrors: positive('alarmItemCollectionErrors', 1),
    },
  };
}

/** DynamoDB's rule for table and index names: 3–255 of `a-z A-Z 0-9 _ - .`. */
const DYNAMODB_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function readExistingTable(tableName: string | undefined, indexName: string | undefined): StageConfig['existingTable'] {
  if (tableName === undefined) {
    if (indexName !== undefined) throw new Error('existingIndexName needs existingTableName (the table that index belongs to)');
    return undefined;
  }
  if (!DYNAMODB_NAME.test(tableName)) throw new Error(`existingTableName "${tableName}": use 3–255 of a-z, A-Z, 0-9, '_', '-', '.'`);
  if (indexName !== undefined && !DYNAMODB_NAME.test(indexName)) {
    throw new Error(`existingIndexName "${indexName}": use 3–255 of a-z, A-Z, 0-9, '_', '-', '.'`);
  }
  return indexName === undefined ? { tableName } : { tableName, indexName };
}

/** Who may call the API (`-c key=value`), read by OrdersStack; the contract's "Identity". */
export interface IdentityConfig {
  /**
   * `-c apiKey=true|false` (default true). false, for a stage whose clients all sign in: the API
   * has no API key and the user pool is its default auth mode. The REST shims are not affected:
   * they reach AppSync with IAM and keep their own API Gateway key.
   */
  readonly apiKey: boolean;
  /** `-c userPoolId=<region>_<id>` (default none: the stack makes a pool): use this existing pool. */
  readonly existingUserPoolId?: string;
}

export function readIdentityConfig(get: (key: string) => unknown): IdentityConfig {
  const value = (key: string): string | undefined => {
    const raw = get(key);
    return raw === undefined || raw === null || raw === '' ? undefined : String(raw);
  };
  const keyText = (value('apiKey') ?? 'true').toLowerCase();
  if (keyText !== 'true' && keyText !== 'false') throw new Error(`apiKey "${keyText}": use true or false`);
  const existingUserPoolId = value('userPoolId');
  if (existingUserPoolId !== undefined && !USER_POOL_ID_PATTERN.test(existingUserPoolId)) {
    throw new Error(`userPoolId "${existingUserPoolId}": use a user pool id, <region>_<id> (e.g. us-east-1_AbCdEf123)`);
  }
  return { apiKey: keyText === 'true', ...(existingUserPoolId !== undefined ? { existingUserPoolId } : {}) };
}

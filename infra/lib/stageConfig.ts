/**
 * What `-c key=value` may set, parsed and checked once. Pure: takes a lookup, so the app reads
 * CDK context and tests pass a plain object.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { apiKeyExpiryDaysProblem } from './apiKeyExpiry.js';

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
}

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const REMOVAL_POLICIES: Record<string, RemovalPolicy> = {
  retain: RemovalPolicy.RETAIN,
  destroy: RemovalPolicy.DESTROY,
};
const RETENTION_VALUES = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number'),
);

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
    throw new Error(
      `logRetentionDays "${retentionText}": use one of ${[...RETENTION_VALUES].sort((a, b) => a - b).join(', ')}`,
    );
  }

  const roleText = (text('apiGatewayCloudWatchRole') ?? 'true').toLowerCase();
  if (roleText !== 'true' && roleText !== 'false') throw new Error(`apiGatewayCloudWatchRole "${roleText}": use true or false`);

  return {
    stage,
    stackName,
    removalPolicy,
    apiKeyExpiryDays,
    logRetention: retentionDays as RetentionDays,
    apiGatewayCloudWatchRole: roleText === 'true',
  };
}

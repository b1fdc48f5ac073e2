/**
 * What `-c key=value` may set, parsed and checked once. Pure: takes a lookup, so the app reads
 * CDK context and tests pass a plain object.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export interface StageConfig {
  /** `-c stage=` (default `dev`): names the stack, the API and the tags. */
  readonly stage: string;
  /** `-c stackName=` (default `OrdersApi-<stage>`), so several stages fit one account. */
  readonly stackName: string;
  /** `-c removalPolicy=retain|destroy` (default `retain`): what happens to the table on stack deletion. */
  readonly removalPolicy: RemovalPolicy;
  /** `-c apiKeyExpiryDays=` (default 30, 1–365). */
  readonly apiKeyExpiryDays: number;
  /** `-c logRetentionDays=` (default 30; one of CloudWatch's retention values). */
  readonly logRetention: RetentionDays;
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
  if (!Number.isInteger(apiKeyExpiryDays) || apiKeyExpiryDays < 1 || apiKeyExpiryDays > 365) {
    throw new Error(`apiKeyExpiryDays "${expiryText}": use a whole number of days from 1 to 365`);
  }

  const retentionText = text('logRetentionDays') ?? '30';
  const retentionDays = Number(retentionText);
  if (!RETENTION_VALUES.has(retentionDays)) {
    throw new Error(
      `logRetentionDays "${retentionText}": use one of ${[...RETENTION_VALUES].sort((a, b) => a - b).join(', ')}`,
    );
  }

  return { stage, stackName, removalPolicy, apiKeyExpiryDays, logRetention: retentionDays as RetentionDays };
}

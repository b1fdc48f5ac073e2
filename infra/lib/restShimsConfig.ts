/**
 * The REST shims' usage plan from CDK context (`-c restRateLimit=...`), parsed and checked once.
 * Pure: takes a lookup, so the stack reads context and tests pass a plain object.
 */
import { Period } from 'aws-cdk-lib/aws-apigateway';

export interface RestShimsLimits {
  /** Steady requests per second per API key (`-c restRateLimit=`, default 50). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** Requests per period per API key (`-c restQuotaLimit=`, default 100000; `-c restQuotaPeriod=day|week|month`, default day). */
  readonly quota: { readonly limit: number; readonly period: Period };
}

const PERIODS: Record<string, Period> = { day: Period.DAY, week: Period.WEEK, month: Period.MONTH };

export function readRestShimsLimits(get: (key: string) => unknown): RestShimsLimits {
  const text = (key: string, fallback: string): string => {
    const value = get(key);
    return value === undefined || value === null || value === '' ? fallback : String(value);
  };
  const whole = (key: string, fallback: number, max: number): number => {
    const raw = text(key, String(fallback));
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${key} "${raw}": use a whole number from 1 to ${max}`);
    return value;
  };
  const rateLimit = whole('restRateLimit', 50, 10_000);
  const burstLimit = whole('restBurstLimit', 100, 5_000);
  if (burstLimit < Math.min(rateLimit, 5_000)) throw new Error(`restBurstLimit ${burstLimit} must be at least restRateLimit ${rateLimit}`);
  const periodText = text('restQuotaPeriod', 'day').toLowerCase();
  const period = PERIODS[periodText];
  if (period === undefined) throw new Error(`restQuotaPeriod "${periodText}": use day, week or month`);
  return { throttle: { rateLimit, burstLimit }, quota: { limit: whole('restQuotaLimit', 100_000, 2_000_000_000), period } };
}

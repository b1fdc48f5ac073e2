/**
 * When the default AppSync API key expires, as the epoch second CloudFormation hands to AppSync.
 *
 * AppSync takes `expires` "rounded down to the nearest hour" and refuses a key whose expiry is not
 * 1–365 days after its creation or update (ApiKeyValidityOutOfBoundsException):
 * https://docs.aws.amazon.com/appsync/latest/APIReference/API_CreateApiKey.html
 * https://docs.aws.amazon.com/appsync/latest/APIReference/API_UpdateApiKey.html
 * CDK's `Expiration.after(Duration.days(n))` is synth time + n days to the second: rounded down it
 * lands up to an hour short of n days, and the key is created or updated minutes after the synth,
 * so `n = 1` is refused. Here the expiry is a whole hour, at least n days plus a margin for the
 * deployment after synth time, and never more than 365 days after the synth.
 */

const HOUR_SECONDS = 3_600;
const DAY_SECONDS = 86_400;

/** AppSync's bounds for an API key's lifetime, in days. */
export const API_KEY_MIN_DAYS = 1;
export const API_KEY_MAX_DAYS = 365;

/**
 * How long after the synth CloudFormation may create or update the key and still get at least the
 * days asked for (`cdk deploy` synthesizes and deploys in one go; the key follows the API by minutes).
 */
export const DEPLOY_MARGIN_SECONDS = HOUR_SECONDS;

/** A problem with `days`, or null when AppSync accepts it. */
export function apiKeyExpiryDaysProblem(days: number): string | null {
  return Number.isInteger(days) && days >= API_KEY_MIN_DAYS && days <= API_KEY_MAX_DAYS
    ? null
    : `use a whole number of days from ${API_KEY_MIN_DAYS} to ${API_KEY_MAX_DAYS}`;
}

/**
 * The key's `Expires` (epoch seconds, a whole hour) for a key meant to last `days` from `nowMs`:
 * the first whole hour at or after now + days + the deploy margin, but at most the last whole hour
 * within 365 days of now (an update at deploy time, later than now, is then within 365 days too).
 */
export function apiKeyExpiresEpochSeconds(nowMs: number, days: number): number {
  const problem = apiKeyExpiryDaysProblem(days);
  if (problem !== null) throw new Error(`apiKeyExpiryDays ${days}: ${problem}`);
  const now = Math.floor(nowMs / 1000);
  const wanted = Math.ceil((now + days * DAY_SECONDS + DEPLOY_MARGIN_SECONDS) / HOUR_SECONDS) * HOUR_SECONDS;
  const latest = Math.floor((now + API_KEY_MAX_DAYS * DAY_SECONDS) / HOUR_SECONDS) * HOUR_SECONDS;
  return Math.min(wanted, latest);
}

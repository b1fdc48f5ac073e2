/**
 * The default API key's `Expires` against AppSync's documented rule: the value is rounded down to
 * the hour and must be 1–365 days after the key is created or updated
 * (https://docs.aws.amazon.com/appsync/latest/APIReference/API_CreateApiKey.html).
 */
import { describe, expect, it } from 'vitest';
import {
  API_KEY_MAX_DAYS,
  DEPLOY_MARGIN_SECONDS,
  apiKeyExpiresEpochSeconds,
  apiKeyExpiryDaysProblem,
} from '../../infra/lib/apiKeyExpiry.js';

const DAY = 86_400;
const HOUR = 3_600;

/** What AppSync does with `expires` when the key is created (or updated) at `createdAt`. */
function appsyncAccepts(expires: number, createdAt: number): boolean {
  const rounded = Math.floor(expires / HOUR) * HOUR;
  return rounded - createdAt >= DAY && rounded - createdAt <= API_KEY_MAX_DAYS * DAY;
}

// Synth instants on, just after and just before an hour boundary, and in between.
const synthTimes = [
  Date.UTC(2026, 11, 2, 18, 0, 0, 0),
  Date.UTC(2026, 11, 2, 18, 0, 0, 1),
  Date.UTC(2026, 11, 2, 18, 59, 59, 999),
  Date.UTC(2027, 1, 28, 23, 31, 7, 250),
];

describe('apiKeyExpiresEpochSeconds', () => {
  it('is a whole hour that AppSync accepts for every 1–365 days, deployed up to the margin after synth', () => {
    for (const nowMs of synthTimes) {
      const now = Math.floor(nowMs / 1000);
      for (let days = 1; days <= API_KEY_MAX_DAYS; days += 1) {
        const expires = apiKeyExpiresEpochSeconds(nowMs, days);
        expect(expires % HOUR, `${days} days`).toBe(0);
        for (const delay of [0, 60, 10 * 60, DEPLOY_MARGIN_SECONDS]) {
          expect(
            appsyncAccepts(expires, now + delay),
            `${days} days, deployed ${delay} s after synth at ${new Date(nowMs).toISOString()}`,
          ).toBe(true);
        }
        // The key lasts at least what was asked for (365: as close as AppSync's cap allows).
        if (days < API_KEY_MAX_DAYS) expect(expires - now - DEPLOY_MARGIN_SECONDS).toBeGreaterThanOrEqual(days * DAY);
        else expect(expires - now).toBeGreaterThan(API_KEY_MAX_DAYS * DAY - HOUR);
      }
    }
  });

  it("is what CDK's Expiration.after(Duration.days(1)) was not: 1 day survives the rounding and a late deploy", () => {
    const nowMs = Date.UTC(2026, 11, 2, 18, 59, 0);
    const cdkAfterOneDay = Math.round(nowMs / 1000) + DAY; // what Expiration.after(Duration.days(1)).toEpoch() gives
    expect(appsyncAccepts(cdkAfterOneDay, nowMs / 1000 + 120)).toBe(false);
    expect(appsyncAccepts(apiKeyExpiresEpochSeconds(nowMs, 1), nowMs / 1000 + 120)).toBe(true);
  });

  it.each([0, 366, 1.5, Number.NaN])('refuses %s days', (days) => {
    expect(apiKeyExpiryDaysProblem(days)).toMatch(/1 to 365/);
    expect(() => apiKeyExpiresEpochSeconds(Date.now(), days)).toThrow(/apiKeyExpiryDays/);
  });
});

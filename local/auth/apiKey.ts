import { timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of a presented key against the configured one. */
export function apiKeyMatches(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

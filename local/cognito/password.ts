/**
 * Passwords at rest: scrypt (node's defaults, N = 2^14, r = 8) with a random salt, computed on the
 * crypto thread (cryptoWork.ts), compared in constant time. A check for a user who does not exist
 * runs the same scrypt and fails, so it costs what a wrong password costs (the stack's client sets
 * preventUserExistenceErrors: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sharedCryptoWork, type CryptoWork } from './cryptoWork.js';

const KEY_LENGTH = 32;

/** Cognito's longest password ("Maximum characters in password": 256, https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html). */
export const MAX_PASSWORD_LENGTH = 256;

/** Stands in for a missing user's hash: a well-formed one that no password matches (the check fails on `stored` alone). */
const NO_USER = `scrypt$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

export async function hashPassword(password: string, work: CryptoWork = sharedCryptoWork): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${(await work.scrypt(password, salt, KEY_LENGTH)).toString('base64url')}`;
}

/** Whether `password` is the one `stored` was made from; `stored` undefined (no such user) is never a match, at the same cost. */
export async function passwordMatches(password: string, stored: string | undefined, work: CryptoWork = sharedCryptoWork): Promise<boolean> {
  const [scheme, salt = '', hash = ''] = (stored ?? NO_USER).split('$');
  // Past the longest password nothing matches; the input is cut so a 1 MB one costs what any does.
  const actual = await work.scrypt(password.slice(0, MAX_PASSWORD_LENGTH + 1), Buffer.from(salt, 'base64url'), KEY_LENGTH);
  const expected = Buffer.from(hash, 'base64url');
  const matches = expected.length === actual.length && timingSafeEqual(actual, expected);
  return stored !== undefined && scheme === 'scrypt' && password.length <= MAX_PASSWORD_LENGTH && matches;
}

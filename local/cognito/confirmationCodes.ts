/**
 * Confirmation codes, as Cognito sends them by mail or SMS for ConfirmSignUp and
 * ConfirmForgotPassword: six digits, valid one hour for a password reset and 24 hours for a sign-up
 * (a Cognito engineer's answer, amazon-archives/amazon-cognito-identity-js#189). Locally
 * nothing is mailed: the code is written on the server's stderr, which only its user reads. The user
 * record keeps the code's HMAC, never the code; a code is spent by its use, and by five wrong tries
 * (Cognito's attempt limit is not published: five is inferred).
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { CognitoError } from './cognitoError.js';

export type CodePurpose = 'ConfirmSignUp' | 'ConfirmForgotPassword';

export interface PendingCode {
  purpose: CodePurpose;
  /** HMAC-SHA256 of the code under the pool's key, base64url. */
  mac: string;
  /** Epoch ms. */
  until: number;
  wrongTries: number;
}

export const CODE_VALIDITY_MS: Record<CodePurpose, number> = {
  ConfirmSignUp: 24 * 60 * 60 * 1000,
  ConfirmForgotPassword: 60 * 60 * 1000,
};
const MAX_WRONG_TRIES = 5;

const macOf = (key: string, username: string, code: string): string =>
  createHmac('sha256', Buffer.from(key, 'base64url')).update(`${username}\0${code}`).digest('base64url');

/** A new code for `username`: the code to deliver, and what the user record keeps. */
export function newCode(key: string, username: string, purpose: CodePurpose, now = Date.now()): { code: string; pending: PendingCode } {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return { code, pending: { purpose, mac: macOf(key, username, code), until: now + CODE_VALIDITY_MS[purpose], wrongTries: 0 } };
}

/**
 * Cognito's answers for a code that does not match, and for one that expired or was never sent, as
 * recorded in aws-amplify/amplify-js#11738 and awslabs/aws-sdk-ios-samples#144.
 */
export const codeMismatch = (): CognitoError =>
  new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
export const expiredCode = (): CognitoError =>
  new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');

/**
 * Checks `code` against the user's pending one. Returns the record's next state: `undefined` when
 * the code was right (spent), or the pending code with one more wrong try (or none after the fifth);
 * `error` says what to answer.
 */
export function checkCode(
  key: string,
  username: string,
  pending: PendingCode | undefined,
  purpose: CodePurpose,
  code: string,
  now = Date.now(),
): { next: PendingCode | undefined; error?: CognitoError } {
  if (!pending || pending.purpose !== purpose || pending.until < now) return { next: undefined, error: expiredCode() };
  const expected = Buffer.from(pending.mac, 'base64url');
  const actual = Buffer.from(macOf(key, username, code), 'base64url');
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) return { next: undefined };
  const wrongTries = pending.wrongTries + 1;
  return { next: wrongTries >= MAX_WRONG_TRIES ? undefined : { ...pending, wrongTries }, error: codeMismatch() };
}

/** Where Cognito would have sent it, masked as Cognito shows it (`a***@e***`). */
export function maskedEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}

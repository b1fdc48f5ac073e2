/**
 * A sign-in session's id, `origin_jti` in every token of the session (id, access, refresh), as
 * Cognito's tokens carry one. Here it is a UUID version 7 (RFC 9562 5.7), whose first 48 bits are
 * the session's start in epoch milliseconds: so a global sign-out, which records its own time on the
 * user, revokes every session that started before it — its refresh tokens and its access tokens for
 * the pool's own actions — with no list of sessions to keep
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GlobalSignOut.html).
 */
import { randomBytes } from 'node:crypto';

export function newSessionId(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** When the session began (epoch ms); 0 for an id that is not a version 7 UUID (older tokens): such a session is as old as can be. */
export function sessionStart(originJti: unknown): number {
  if (typeof originJti !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(originJti)) return 0;
  return parseInt(originJti.replace(/-/g, '').slice(0, 12), 16);
}

/** Whether a session that began at `originJti` was ended by the user's last global sign-out. */
export function sessionRevoked(originJti: unknown, signedOutAt: number | undefined): boolean {
  return signedOutAt !== undefined && sessionStart(originJti) <= signedOutAt;
}

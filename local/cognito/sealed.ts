/**
 * What the pool hands a client to bring back — SRP's secret block, the NEW_PASSWORD_REQUIRED
 * session — sealed with the pool's key (AES-256-GCM): the client can neither read nor forge it, and
 * the flow needs no server-side state. Each seal carries `until` (epoch ms); an expired or altered
 * one opens as null.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export function seal(key: string, content: Record<string, unknown> & { until: number }): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64url'), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(content)), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function unseal(key: string, sealed: string, now = Date.now()): Record<string, unknown> | null {
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64url'), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const content = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Record<
      string,
      unknown
    >;
    return typeof content.until === 'number' && content.until >= now ? content : null;
  } catch {
    return null;
  }
}

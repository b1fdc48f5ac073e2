/**
 * AppSync hands clients an opaque, encrypted nextToken; locally it is a signed one.
 * The token carries DynamoDB's LastEvaluatedKey and is bound (by HMAC) to the query it came
 * from — table, index and key condition values — so a token altered, forged, or taken from
 * another user's list is refused instead of leaking or skipping data.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { isJsonObject } from '../../jsonObject.js';

export type StartKey = Record<string, AttributeValue>;

export class PageTokenError extends Error {}

export interface PageTokens {
  encode(key: StartKey, binding: unknown): string;
  /** Throws PageTokenError when the token is malformed, altered, or belongs to another query. */
  decode(token: string, binding: unknown): StartKey;
}

export function createPageTokens(secret: Buffer | string): PageTokens {
  const sign = (payload: string, binding: unknown): Buffer =>
    createHmac('sha256', secret).update(JSON.stringify(binding)).update('\n').update(payload).digest();

  return {
    encode(key, binding) {
      const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
      return `${payload}.${sign(payload, binding).toString('base64url')}`;
    },
    decode(token, binding) {
      const [payload, signature, ...rest] = token.split('.');
      if (!payload || !signature || rest.length > 0) throw new PageTokenError('Invalid nextToken: malformed');
      // Compared as text, not decoded bytes: base64 has spare bits, and any altered character must fail.
      const expected = Buffer.from(sign(payload, binding).toString('base64url'));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new PageTokenError('Invalid nextToken: it was altered or belongs to another query');
      }
      const key: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (!isJsonObject(key)) throw new PageTokenError('Invalid nextToken: malformed');
      return key as StartKey;
    },
  };
}

/**
 * AppSync's request objects carry DynamoDB typed values the way AppSync's own helpers write them:
 * numbers as JSON numbers (`{"N": 1.5}`), binaries as base64 strings. The DynamoDB API wants
 * numbers as strings and binaries as bytes; this turns one into the other, deeply.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

type Loose = Record<string, unknown>;

export function toSdkValue(value: unknown): AttributeValue {
  if (value === null || typeof value !== 'object') throw new TypeError(`Not a DynamoDB typed value: ${JSON.stringify(value)}`);
  const v = value as Loose;
  if ('N' in v) return { N: String(v.N) };
  if ('NS' in v) return { NS: (v.NS as unknown[]).map(String) };
  if ('B' in v) return { B: typeof v.B === 'string' ? Buffer.from(v.B, 'base64') : (v.B as Uint8Array) };
  if ('BS' in v) return { BS: (v.BS as unknown[]).map((b) => (typeof b === 'string' ? Buffer.from(b, 'base64') : (b as Uint8Array))) };
  if ('M' in v) return { M: toSdkMap(v.M) };
  if ('L' in v) return { L: (v.L as unknown[]).map(toSdkValue) };
  return v as unknown as AttributeValue;
}

export function toSdkMap(map: unknown): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries((map ?? {}) as Loose)) out[name] = toSdkValue(value);
  return out;
}

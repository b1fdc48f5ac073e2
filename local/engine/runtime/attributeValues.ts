/**
 * JSON values to DynamoDB typed values, as AppSync's `util.dynamodb.*` does.
 *
 * AppSync's documentation shows numbers as JSON numbers (`toNumber(12345)` → `{ "N": 12345 }`,
 * `toNumberSet([1, 23, 4.56])` → `{ "NS": [1, 23, 4.56] }`), and AppSync's DynamoDB data source
 * accepts both that and DynamoDB's own string form. So request objects follow the documentation,
 * (The strict form the AWS SDK needs is the data source's concern: dataSources/attributeValues.ts.)
 *
 * Inputs may come from a node:vm context (another realm): no `instanceof`, only typeof/isArray.
 */
import { isJsonObject } from '../../jsonObject.js';

export type AttributeValueLike = Record<string, unknown>;

/** A plain JSON object (not null, not an array): AppSync's "Map". */
export const isPlainMap = isJsonObject;

/** `util.dynamodb.toDynamoDB`: strings S, numbers N, booleans BOOL, null NULL, arrays L, objects M. */
export function toDynamoDB(value: unknown): AttributeValueLike {
  return convert(value, false);
}

/** `util.dynamodb.toMapValues`: each value typed; `undefined` members are dropped as JSON drops them. */
export function toMapValues(value: Record<string, unknown>): Record<string, AttributeValueLike> {
  return convertMembers(value, false);
}

/** `util.dynamodb.toList`: always L, never a set (AppSync's documented choice). */
export function toList(value: readonly unknown[]): AttributeValueLike {
  return { L: value.map((member) => convert(member === undefined ? null : member, false)) };
}

/**
 * The `@aws-appsync/utils/dynamodb` helpers' conversion: as `toDynamoDB`, except that a set made by
 * their `toStringSet`/`toNumberSet`/`toBinarySet` (`{ SS: [...] }`...) is kept as that set,
 * which is what those functions exist for (`put({ item: { tags: toStringSet(['a']) } })`).
 */
export function toDynamoDBItemValue(value: unknown): AttributeValueLike {
  return convert(value, true);
}

export function toItemMapValues(value: Record<string, unknown>): Record<string, AttributeValueLike> {
  return convertMembers(value, true);
}

function convert(value: unknown, keepSets: boolean): AttributeValueLike {
  if (value === null || value === undefined) return { NULL: null };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`util.dynamodb: ${value} is not a DynamoDB number`);
      return { N: value };
    case 'bigint':
      return { N: value.toString() };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      if (Array.isArray(value)) return { L: value.map((member) => convert(member === undefined ? null : member, keepSets)) };
      if (keepSets && isTypedSet(value)) return { ...(value as AttributeValueLike) };
      return { M: convertMembers(value as Record<string, unknown>, keepSets) };
    default:
      throw new TypeError(`util.dynamodb: a ${typeof value} has no DynamoDB type`);
  }
}

function convertMembers(value: Record<string, unknown>, keepSets: boolean): Record<string, AttributeValueLike> {
  const out: Record<string, AttributeValueLike> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) out[key] = convert(member, keepSets);
  }
  return out;
}

/** `{ SS: [...] }`, `{ NS: [...] }` or `{ BS: [...] }` and nothing else. */
export function isTypedSet(value: unknown): boolean {
  if (!isPlainMap(value)) return false;
  const keys = Object.keys(value);
  const type = keys[0] ?? '';
  return keys.length === 1 && (type === 'SS' || type === 'NS' || type === 'BS') && Array.isArray(value[type]);
}

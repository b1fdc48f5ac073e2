/**
 * AppSync's `util` for the local APPSYNC_JS runtime (the npm package only declares its types).
 * Behaviour follows AppSync's documentation ("Runtime utilities", "Time helpers in util.time",
 * "DynamoDB helpers in util.dynamodb", "Transformation helpers in util.transform").
 *
 * Resolver code calls these from a node:vm context: everything returned is a plain value, and
 * functions use closures, never `this`, so `const { toMapValues } = util.dynamodb` works.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isPlainMap, toDynamoDB, toList, toMapValues } from './attributeValues.js';
import { ResolverError, type InvocationState } from './errors.js';
import { filterExpression } from './expressions.js';
import { toSubscriptionFilter } from './subscriptionFilter.js';
import { base64Decode, base64Encode } from '../../java/base64.js';
import { formatEpochMillis, parseIso8601ToEpochMillis, parseToEpochMillis } from '../../java/dateTimeFormat.js';
import { escapeJavaScript } from '../../java/escapeJavaScript.js';
import { matches } from '../../java/stringMethods.js';
import { urlDecode, urlEncode } from '../../java/urlCodec.js';

const isNull = (value: unknown): value is null | undefined => value === null || value === undefined;
const isNullOrEmpty = (value: unknown): boolean => isNull(value) || value === '';
const isNullOrBlank = (value: unknown): boolean => isNull(value) || (typeof value === 'string' && value.trim() === '');

export function createUtil(state: InvocationState) {
  const time = {
    nowISO8601: (): string => new Date().toISOString(),
    nowEpochSeconds: (): number => Math.floor(Date.now() / 1000),
    nowEpochMilliSeconds: (): number => Date.now(),
    nowFormatted: (format: string, timeZone?: string): string => formatEpochMillis(Date.now(), format, timeZone),
    parseFormattedToEpochMilliSeconds: (timestamp: string, format: string, timeZone?: string): number =>
      parseToEpochMillis(timestamp, format, timeZone),
    parseISO8601ToEpochMilliSeconds: (timestamp: string): number => parseIso8601ToEpochMillis(timestamp),
    epochMilliSecondsToSeconds: (milliseconds: number): number => Math.trunc(milliseconds / 1000),
    /** UTC with milliseconds, e.g. 2018-02-06T19:01:35.500Z. */
    epochMilliSecondsToISO8601: (milliseconds: number): string => new Date(milliseconds).toISOString(),
    epochMilliSecondsToFormatted: (milliseconds: number, format: string, timeZone?: string): string =>
      formatEpochMillis(milliseconds, format, timeZone),
  };

  const dynamodb = {
    toDynamoDB: (value: unknown) => toDynamoDB(value),
    toString: (value: string | null | undefined) => (isNull(value) ? null : { S: String(value) }),
    toStringSet: (list: string[] | null | undefined) => (isNull(list) ? null : { SS: [...list] }),
    toNumber: (value: number | null | undefined) => (isNull(value) ? null : { N: value }),
    toNumberSet: (numbers: number[] | null | undefined) => (isNull(numbers) ? null : { NS: [...numbers] }),
    toBinary: (value: string | null | undefined) => (isNull(value) ? null : { B: value }),
    toBinarySet: (values: string[] | null | undefined) => (isNull(values) ? null : { BS: [...values] }),
    toBoolean: (value: boolean | null | undefined) => (isNull(value) ? null : { BOOL: value }),
    toNull: () => ({ NULL: null }),
    toList: (value: unknown[] | null | undefined) => (isNull(value) ? null : toList(value)),
    toMap: (value: Record<string, unknown> | null | undefined) => (isNull(value) ? null : { M: toMapValues(value) }),
    toMapValues: (value: Record<string, unknown> | null | undefined) => (isNull(value) ? null : toMapValues(value)),
    toS3Object: (key: string, bucket: string, region: string, version?: string) => ({
      S: JSON.stringify({ s3: version === undefined ? { key, bucket, region } : { key, bucket, region, version } }),
    }),
    fromS3ObjectJson: (s3ObjectString: string): unknown => (JSON.parse(s3ObjectString) as { s3: unknown }).s3,
  };

  const transform = {
    /**
     * A JSON string, as AppSync returns it: `{"expression","expressionNames","expressionValues"}`
     * (`expressionValues` is `{}` when nothing is bound), or null for a filter AppSync cannot
     * render. Both functions render alike (recorded outputs: docs/fidelity.md).
     */
    toDynamoDBConditionExpression: (condition: unknown): string | null => toExpressionJson(condition),
    toDynamoDBFilterExpression: (filter: unknown): string | null => toExpressionJson(filter),
    toSubscriptionFilter: (filter: unknown, ignoredFields?: string[], rules?: unknown) =>
      toSubscriptionFilter(filter, ignoredFields, rules),
    toElasticsearchQueryDSL: (): never => {
      throw new Error('util.transform.toElasticsearchQueryDSL: the local runtime has no OpenSearch data source');
    },
  };

  /** APPSYNC_JS has only `normalize` (toUpper/toLower/toReplace are VTL's $util.str): docs str-helpers-in-util-str-js. */
  const str = {
    normalize: (value: string, form: string): string => value.normalize(form.toUpperCase() as 'NFC' | 'NFD' | 'NFKC' | 'NFKD'),
  };

  const math = {
    roundNum: (input: number): number => Math.round(input),
    minVal: (a: number, b: number): number => Math.min(a, b),
    maxVal: (a: number, b: number): number => Math.max(a, b),
    randomDouble: (): number => Math.random(),
    randomWithinRange: (start: number, end: number): number => start + Math.floor(Math.random() * (end - start + 1)),
  };

  return {
    /** Aborts the field: AppSync reports `{message, errorType, data, errorInfo}`. */
    error(message: string, errorType?: string | null, data?: unknown, errorInfo?: unknown): never {
      throw new ResolverError(String(message), errorType ?? null, data ?? null, errorInfo ?? null);
    },
    /** Reports an error with the field's result; the field is not aborted. */
    appendError(message: string, errorType?: string | null, data?: unknown, errorInfo?: unknown): void {
      state.appendedErrors.push({
        message: String(message),
        errorType: errorType ?? null,
        data: data ?? null,
        errorInfo: errorInfo ?? null,
      });
    },
    unauthorized(): never {
      const where = state.field ? `${state.field.fieldName} on type ${state.field.parentTypeName}` : 'this field';
      throw new ResolverError(`Not Authorized to access ${where}`, 'Unauthorized');
    },
    authType: (): string => state.authType ?? 'API Key Authorization',
    autoId: (): string => randomUUID(),
    autoUlid,
    autoKsuid,
    isNull,
    isNullOrEmpty,
    isNullOrBlank,
    defaultIfNull: <T, D>(value: T, fallback: D): T | D => (isNull(value) ? fallback : value),
    defaultIfNullOrEmpty: <T, D>(value: T, fallback: D): T | D => (isNullOrEmpty(value) ? fallback : value),
    defaultIfNullOrBlank: <T, D>(value: T, fallback: D): T | D => (isNullOrBlank(value) ? fallback : value),
    isString: (value: unknown): boolean => typeof value === 'string',
    isNumber: (value: unknown): boolean => typeof value === 'number',
    isBoolean: (value: unknown): boolean => typeof value === 'boolean',
    isList: (value: unknown): boolean => Array.isArray(value),
    isMap: (value: unknown): boolean => isPlainMap(value),
    typeOf,
    /** Java's String.matches: the whole value must match. */
    matches: (pattern: string, value: string): boolean => matches(value, pattern),
    // Java's behaviour, shared with API Gateway's $util (local/java/).
    base64Encode,
    base64Decode,
    urlEncode,
    urlDecode,
    escapeJavaScript,
    time,
    dynamodb,
    transform,
    str,
    math,
  };
}

export type LocalUtil = ReturnType<typeof createUtil>;

function toExpressionJson(filter: unknown): string | null {
  const built = filterExpression(filter);
  return built === null ? null : JSON.stringify(built);
}

/** AppSync's type names: Null, Number, String, Map, List, Boolean, else Object. */
function typeOf(value: unknown): string {
  if (isNull(value)) return 'Null';
  if (typeof value === 'number') return 'Number';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (Array.isArray(value)) return 'List';
  if (isPlainMap(value)) return 'Map';
  return 'Object';
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** ULID: 48-bit millisecond time then 80 random bits, Crockford base32, 26 characters. */
function autoUlid(): string {
  let now = Date.now();
  let timePart = '';
  for (let i = 0; i < 10; i += 1) {
    timePart = CROCKFORD.charAt(now % 32) + timePart;
    now = Math.floor(now / 32);
  }
  let bits = 0n;
  for (const byte of randomBytes(10)) bits = (bits << 8n) | BigInt(byte);
  let randomPart = '';
  for (let i = 0; i < 16; i += 1) {
    randomPart = CROCKFORD.charAt(Number(bits & 31n)) + randomPart;
    bits >>= 5n;
  }
  return timePart + randomPart;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KSUID_EPOCH_SECONDS = 1_400_000_000;

/** KSUID: 32-bit seconds since 2014-05-13 then 128 random bits, base62, 27 characters. */
function autoKsuid(): string {
  const bytes = Buffer.alloc(20);
  bytes.writeUInt32BE(Math.floor(Date.now() / 1000) - KSUID_EPOCH_SECONDS, 0);
  randomBytes(16).copy(bytes, 4);
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = BASE62.charAt(Number(n % 62n)) + out;
    n /= 62n;
  }
  return out.padStart(27, '0');
}

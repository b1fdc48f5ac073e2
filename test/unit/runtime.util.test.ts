/**
 * The local `util` against AppSync's documented behaviour: each `documented` case is an example
 * from AppSync's developer guide (input and output as published).
 */
import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newInvocationState, ResolverError } from '../../local/engine/runtime/errors.js';
import { createUtil } from '../../local/engine/runtime/util.js';

const fresh = () => {
  const state = newInvocationState();
  return { state, util: createUtil(state) };
};
const { util } = fresh();

type Expr = { expression: string; expressionNames: Record<string, string>; expressionValues: Record<string, unknown> };
const parse = (json: string | null): Expr => JSON.parse(json ?? 'null') as Expr;

/** Every placeholder is valid DynamoDB syntax, and names/values list exactly what the expression uses. */
function expectWellFormed(e: Expr): void {
  const used = new Set(e.expression.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  expect(new Set([...Object.keys(e.expressionNames), ...Object.keys(e.expressionValues)])).toEqual(used);
}

describe('util errors', () => {
  it('util.error throws a ResolverError carrying type, data and errorInfo', () => {
    const thrown = (() => {
      try {
        util.error('bad input', 'ValidationError', { a: 1 }, { hint: 'x' });
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(ResolverError);
    expect(thrown).toMatchObject({ message: 'bad input', errorType: 'ValidationError', data: { a: 1 }, errorInfo: { hint: 'x' } });
  });

  it('util.error without a type leaves type, data and errorInfo null', () => {
    expect(() => util.error('boom')).toThrow(expect.objectContaining({ message: 'boom', errorType: null, data: null, errorInfo: null }));
  });

  it('util.appendError collects without throwing', () => {
    const { state, util: u } = fresh();
    u.appendError('first');
    u.appendError('second', 'Warn', { n: 2 });
    expect(state.appendedErrors).toEqual([
      { message: 'first', errorType: null, data: null, errorInfo: null },
      { message: 'second', errorType: 'Warn', data: { n: 2 }, errorInfo: null },
    ]);
  });

  it('util.unauthorized throws errorType Unauthorized naming the field when known', () => {
    const { state, util: u } = fresh();
    state.field = { parentTypeName: 'Mutation', fieldName: 'createOrder' };
    expect(() => u.unauthorized()).toThrow(
      expect.objectContaining({ errorType: 'Unauthorized', message: 'Not Authorized to access createOrder on type Mutation' }),
    );
  });

  it('util.authType reports the state, defaulting to the API key', () => {
    const { state, util: u } = fresh();
    expect(u.authType()).toBe('API Key Authorization');
    state.authType = 'IAM Authorization';
    expect(u.authType()).toBe('IAM Authorization');
  });
});

describe('util ids', () => {
  it('autoId is a random UUID v4', () => {
    const ids = new Set(Array.from({ length: 100 }, () => util.autoId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('autoUlid is 26 Crockford base32 characters whose prefix encodes the time', () => {
    vi.useFakeTimers({ now: 1544092158240 });
    try {
      const a = util.autoUlid();
      expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      vi.setSystemTime(1544092158241);
      const b = util.autoUlid();
      expect(b.slice(0, 10) > a.slice(0, 10)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('autoKsuid is 27 base62 characters', () => {
    const ids = new Set(Array.from({ length: 50 }, () => util.autoKsuid()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{27}$/);
  });
});

describe('util.time', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the clock once per call, ISO 8601 UTC with milliseconds', () => {
    vi.useFakeTimers({ now: 1544092158240 });
    expect(util.time.nowISO8601()).toBe('2018-12-06T10:29:18.240Z');
    expect(util.time.nowEpochSeconds()).toBe(1544092158);
    expect(util.time.nowEpochMilliSeconds()).toBe(1544092158240);
    expect(util.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ')).toBe('2018-12-06 10:29:18+0000');
  });

  it('keeps the milliseconds even when they are zero', () => {
    expect(util.time.epochMilliSecondsToISO8601(1544092158000)).toBe('2018-12-06T10:29:18.000Z');
  });

  it('documented: nowFormatted in a time zone', () => {
    vi.useFakeTimers({ now: 1517943695500 });
    expect(util.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ')).toBe('2018-02-06 19:01:35+0000');
    expect(util.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', 'Australia/Perth')).toBe('2018-02-07 03:01:35+0800');
    expect(util.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', 'Australia/Adelaide')).toBe('2018-02-07 05:31:35+1030');
  });

  it('documented: epochMilliSecondsToSeconds, epochMilliSecondsToISO8601, epochMilliSecondsToFormatted', () => {
    expect(util.time.epochMilliSecondsToSeconds(1517943695500)).toBe(1517943695);
    expect(util.time.epochMilliSecondsToISO8601(1517943695500)).toBe('2018-02-06T19:01:35.500Z');
    expect(util.time.epochMilliSecondsToFormatted(1517943695500, 'yyyy-MM-dd HH:mm:ssZ')).toBe('2018-02-06 19:01:35+0000');
    expect(util.time.epochMilliSecondsToFormatted(1517943695500, 'yyyy-MM-dd HH:mm:ssZ', 'Australia/Perth')).toBe(
      '2018-02-07 03:01:35+0800',
    );
  });

  it('documented: parseISO8601ToEpochMilliSeconds and parseFormattedToEpochMilliSeconds', () => {
    expect(util.time.parseISO8601ToEpochMilliSeconds('2018-02-01T17:21:05.180+08:00')).toBe(1517476865180);
    expect(util.time.parseFormattedToEpochMilliSeconds('2018-02-02 01:19:22+0800', 'yyyy-MM-dd HH:mm:ssZ')).toBe(1517505562000);
    expect(util.time.parseFormattedToEpochMilliSeconds('2018-02-02 01:19:22', 'yyyy-MM-dd HH:mm:ss', '+08:00')).toBe(1517505562000);
    expect(util.time.parseFormattedToEpochMilliSeconds('2018-02-02 01:19:22', 'yyyy-MM-dd HH:mm:ss', 'Australia/Perth')).toBe(
      1517505562000,
    );
  });

  it('formats other common pattern letters', () => {
    const ms = Date.UTC(2024, 6, 4, 15, 5, 9, 7); // a Thursday
    expect(util.time.epochMilliSecondsToFormatted(ms, "EEE, d MMM yyyy hh:mm:ss.SSS a 'UTC'")).toBe('Thu, 4 Jul 2024 03:05:09.007 PM UTC');
    expect(util.time.epochMilliSecondsToFormatted(ms, "yyyy-MM-dd'T'HH:mm:ssXXX", 'America/New_York')).toBe('2024-07-04T11:05:09-04:00');
    expect(util.time.epochMilliSecondsToFormatted(ms, 'yyyyMMddHHmmssXXX')).toBe('20240704150509Z');
  });

  it('round-trips formatted text', () => {
    const ms = 1700000000123;
    const format = 'yyyy-MM-dd HH:mm:ss.SSSZ';
    expect(util.time.parseFormattedToEpochMilliSeconds(util.time.epochMilliSecondsToFormatted(ms, format, 'Europe/Paris'), format)).toBe(
      ms,
    );
  });

  it('rejects text that is not ISO 8601', () => {
    expect(() => util.time.parseISO8601ToEpochMilliSeconds('March 7, 2020')).toThrow(/ISO 8601/);
    expect(() => util.time.parseISO8601ToEpochMilliSeconds('2020-13-45T00:00:00Z')).toThrow(/ISO 8601/);
  });
});

describe('util.dynamodb (documented examples)', () => {
  it('toDynamoDB', () => {
    expect(util.dynamodb.toDynamoDB('foo')).toEqual({ S: 'foo' });
    expect(util.dynamodb.toDynamoDB({ foo: 'bar', baz: 1234, beep: ['boop'] })).toEqual({
      M: { foo: { S: 'bar' }, baz: { N: 1234 }, beep: { L: [{ S: 'boop' }] } },
    });
  });

  it('toMapValues is toMap without the M', () => {
    const input = { foo: 'bar', baz: 1234, beep: ['boop'] };
    expect(util.dynamodb.toMapValues(input)).toEqual({ foo: { S: 'bar' }, baz: { N: 1234 }, beep: { L: [{ S: 'boop' }] } });
    expect(util.dynamodb.toMap(input)).toEqual({ M: util.dynamodb.toMapValues(input) });
  });

  it('toMapValues types booleans, nulls, nested maps and drops undefined members', () => {
    expect(util.dynamodb.toMapValues({ ok: true, none: null, gone: undefined, nested: { n: 1.5, l: [false, null] } })).toEqual({
      ok: { BOOL: true },
      none: { NULL: null },
      nested: { M: { n: { N: 1.5 }, l: { L: [{ BOOL: false }, { NULL: null }] } } },
    });
  });

  it('toList, toStringSet, toNumber, toNumberSet, toBinary, toBinarySet, toBoolean, toNull, toString', () => {
    expect(util.dynamodb.toList(['foo', 123, { bar: 'baz' }])).toEqual({ L: [{ S: 'foo' }, { N: 123 }, { M: { bar: { S: 'baz' } } }] });
    expect(util.dynamodb.toStringSet(['foo', 'bar', 'baz'])).toEqual({ SS: ['foo', 'bar', 'baz'] });
    expect(util.dynamodb.toNumber(12345)).toEqual({ N: 12345 });
    expect(util.dynamodb.toNumberSet([1, 23, 4.56])).toEqual({ NS: [1, 23, 4.56] });
    expect(util.dynamodb.toBinary('foo')).toEqual({ B: 'foo' });
    expect(util.dynamodb.toBinarySet(['foo', 'bar', 'baz'])).toEqual({ BS: ['foo', 'bar', 'baz'] });
    expect(util.dynamodb.toBoolean(true)).toEqual({ BOOL: true });
    expect(util.dynamodb.toNull()).toEqual({ NULL: null });
    expect(util.dynamodb.toString('x')).toEqual({ S: 'x' });
    expect(util.dynamodb.toString(null)).toBeNull();
  });

  it('toS3Object and fromS3ObjectJson round-trip', () => {
    const s3 = util.dynamodb.toS3Object('foo', 'bar', 'baz');
    expect(JSON.parse(s3.S)).toEqual({ s3: { key: 'foo', bucket: 'bar', region: 'baz' } });
    expect(util.dynamodb.fromS3ObjectJson(s3.S)).toEqual({ key: 'foo', bucket: 'bar', region: 'baz' });
  });
});

describe('util.transform DynamoDB expressions (recorded outputs: runtime.evaluateCodeParity.test.ts)', () => {
  it('returns a JSON string; expressionValues is {} when nothing is bound', () => {
    const out = util.transform.toDynamoDBConditionExpression({ id: { attributeExists: false } });
    expect(typeof out).toBe('string');
    expect(parse(out)).toEqual({ expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} });
  });

  it('lists exactly the placeholders a nested filter uses, each value under its own name', () => {
    const e = parse(
      util.transform.toDynamoDBFilterExpression({
        or: [{ a: { eq: 1 }, b: { gt: 2 } }, { not: { c: { beginsWith: 'p' } } }],
        and: [{ d: { le: 3 } }, { e: { notContains: 'z' } }, { a: { eq: 2 } }],
        price: { between: [10, 20] },
        status: { in: ['open', 'closed'] },
        tags: { size: { gt: 2 } },
      }),
    );
    expect(e.expression).toBe(
      // a member of a group is not wrapped itself (AND binds tighter than OR, so the meaning holds)
      '((#a = :or_0_a_eq) AND (#b > :or_0_b_gt) OR (NOT (begins_with(#c,:or_1_not_c_beginsWith))))' +
        ' AND ((#d <= :and_0_d_le) AND (NOT contains(#e,:and_1_e_notContains)) AND (#a = :and_2_a_eq))' +
        ' AND (#price BETWEEN :price_between_start AND :price_between_end) AND (#status IN (:status_in_0, :status_in_1)) AND (size(#tags) > :tags_size_gt)',
    );
    expect(e.expressionValues[':or_0_a_eq']).toEqual({ N: 1 });
    expect(e.expressionValues[':and_2_a_eq']).toEqual({ N: 2 });
    expectWellFormed(e);
  });

  it('members set to undefined are no members (as in JSON)', () => {
    expect(parse(util.transform.toDynamoDBFilterExpression({ a: { eq: 1, ne: undefined }, b: undefined } as never))).toEqual({
      expression: '(#a = :a_eq)',
      expressionNames: { '#a': 'a' },
      expressionValues: { ':a_eq': { N: 1 } },
    });
  });

  it('answers null, not an error, for what it cannot render', () => {
    expect(util.transform.toDynamoDBFilterExpression({ a: 'bare value' } as never)).toBeNull();
    expect(util.transform.toDynamoDBFilterExpression({ a: { between: [1] } } as never)).toBeNull();
    expect(util.transform.toDynamoDBConditionExpression(null as never)).toBeNull();
  });
});

describe('util.transform.toSubscriptionFilter', () => {
  it('groups are ORed, filters inside a group ANDed', () => {
    expect(
      util.transform.toSubscriptionFilter({
        or: [{ severity: { ge: 7 }, priority: { eq: 'high' } }, { classification: { eq: 'security' } }],
      }),
    ).toEqual({
      filterGroup: [
        {
          filters: [
            { fieldName: 'severity', operator: 'ge', value: 7 },
            { fieldName: 'priority', operator: 'eq', value: 'high' },
          ],
        },
        { filters: [{ fieldName: 'classification', operator: 'eq', value: 'security' }] },
      ],
    });
  });

  it('drops ignored fields and requires at least one rule', () => {
    const out = util.transform.toSubscriptionFilter({ store_id: { eq: 's1' }, secret: { eq: 'x' } } as never, ['secret'], {
      user_id: { eq: 'u1' },
      grand_total: { gt: 100 },
    } as never);
    expect(out).toEqual({
      filterGroup: [
        {
          filters: [
            { fieldName: 'store_id', operator: 'eq', value: 's1' },
            { fieldName: 'user_id', operator: 'eq', value: 'u1' },
          ],
        },
        {
          filters: [
            { fieldName: 'store_id', operator: 'eq', value: 's1' },
            { fieldName: 'grand_total', operator: 'gt', value: 100 },
          ],
        },
      ],
    });
  });
});

describe('util strings and types', () => {
  it('util.str has only normalize in APPSYNC_JS (toUpper/toLower/toReplace are VTL-only)', () => {
    // https://docs.aws.amazon.com/appsync/latest/devguide/str-helpers-in-util-str-js.html
    expect(Object.keys(util.str)).toEqual(['normalize']);
    expect(util.str.normalize('e\u0301', 'nfc')).toBe('\u00e9');
    expect(util.str.normalize('\u00e9', 'nfd')).toBe('e\u0301');
  });

  it('null, empty and blank checks and their defaults', () => {
    expect([util.isNull(null), util.isNull(undefined), util.isNull('')]).toEqual([true, true, false]);
    expect([util.isNullOrEmpty(''), util.isNullOrEmpty(' '), util.isNullOrEmpty(null)]).toEqual([true, false, true]);
    expect([util.isNullOrBlank(' \t'), util.isNullOrBlank('x')]).toEqual([true, false]);
    expect(util.defaultIfNull(null, 'd')).toBe('d');
    expect(util.defaultIfNull(0, 'd')).toBe(0);
    expect(util.defaultIfNullOrEmpty('', 'd')).toBe('d');
    expect(util.defaultIfNullOrBlank('  ', 'd')).toBe('d');
    expect(util.defaultIfNullOrBlank('x', 'd')).toBe('x');
  });

  it('type checks and documented typeOf names', () => {
    expect([util.isString('a'), util.isNumber(1), util.isBoolean(false), util.isList([]), util.isMap({}), util.isMap([])]).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect([null, 1, 'a', {}, [], true].map(util.typeOf)).toEqual(['Null', 'Number', 'String', 'Map', 'List', 'Boolean']);
  });

  it('documented: matches("a*b", "aaaaab") — the whole string must match', () => {
    expect(util.matches('a*b', 'aaaaab')).toBe(true);
    expect(util.matches('a*b', 'aaaaabc')).toBe(false);
    expect(util.matches('[0-9]+|x', 'x')).toBe(true);
  });

  it('base64 and URL encoding', () => {
    expect(util.base64Encode('héllo')).toBe('aMOpbGxv');
    expect(util.base64Decode('aMOpbGxv')).toBe('héllo');
    expect(util.urlEncode("a b&c=d/é!*'~")).toBe('a+b%26c%3Dd%2F%C3%A9%21*%27%7E');
    expect(util.urlDecode('a+b%26c%3Dd%2F%C3%A9')).toBe('a b&c=d/é');
  });

  it('escapeJavaScript escapes quotes, slashes, controls and non-ASCII', () => {
    expect(util.escapeJavaScript(`it's "q" / \\ \n\té`)).toBe(`it\\'s \\"q\\" \\/ \\\\ \\n\\t\\u00E9`);
  });

  it('util.math', () => {
    expect([util.math.roundNum(2.5), util.math.minVal(1, 2), util.math.maxVal(1, 2)]).toEqual([3, 1, 2]);
    for (let i = 0; i < 50; i += 1) {
      const n = util.math.randomWithinRange(3, 5);
      expect(Number.isInteger(n) && n >= 3 && n <= 5).toBe(true);
    }
  });
});

describe('util inside node:vm, as resolvers call it', () => {
  it('works on objects from another realm and when destructured', () => {
    const context = vm.createContext({ util });
    const result = vm.runInContext(
      `const { toMapValues } = util.dynamodb;
       ({
         values: toMapValues({ id: 'a', n: [1, { x: true }] }),
         filter: util.transform.toDynamoDBFilterExpression({ n: { gt: 1 }, or: [{ id: { eq: 'a' } }, { id: { eq: 'b' } }] }),
         type: util.typeOf({}),
       })`,
      context,
    ) as { values: unknown; filter: string; type: string };
    expect(result.values).toEqual({ id: { S: 'a' }, n: { L: [{ N: 1 }, { M: { x: { BOOL: true } } }] } });
    expect(parse(result.filter).expression).toBe('(#n > :n_gt) AND ((#id = :or_0_id_eq) OR (#id = :or_1_id_eq))');
    expect(result.type).toBe('Map');
  });
});

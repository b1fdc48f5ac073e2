/**
 * The Java-behaviour helpers (local/java/) that both AppSync's `util` and API Gateway's `$util`
 * use. Expected strings are what OpenJDK 17 prints for the same call (java.time with Locale.US,
 * java.net.URLEncoder/URLDecoder, java.util.Base64) or what commons-lang3's
 * StringEscapeUtils.escapeEcmaScript does by its source (`JavaUnicodeEscaper.outsideOf(32, 0x7f)`);
 * `documented` cases are AppSync's published examples
 * (https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time.html).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newInvocationState } from '../../local/engine/runtime/errors.js';
import { createUtil as createAppSyncUtil } from '../../local/engine/runtime/util.js';
import { base64Decode, base64Encode } from '../../local/java/base64.js';
import { formatEpochMillis, parseIso8601ToEpochMillis, parseToEpochMillis } from '../../local/java/dateTimeFormat.js';
import { escapeEachUnit, escapeJavaScript } from '../../local/java/escapeJavaScript.js';
import { JavaBehaviourError } from '../../local/java/javaBehaviourError.js';
import { matches, replaceAll, replaceFirst } from '../../local/java/stringMethods.js';
import { urlDecode, urlEncode } from '../../local/java/urlCodec.js';
import { createContext } from '../../local/rest/vtl/context.js';
import { renderMappingTemplate } from '../../local/rest/vtl/renderTemplate.js';
import { createUtil as createVtlUtil } from '../../local/rest/vtl/util.js';

const appsync = createAppSyncUtil(newInvocationState());
const vtl = createVtlUtil();
const facts = { httpMethod: 'POST', resourcePath: '/x', sourceIp: '127.0.0.1', userAgent: 'test', apiKey: 'k', host: 'localhost' };
const render = (template: string): string =>
  renderMappingTemplate(template, '{}', { path: {}, querystring: {}, header: {} }, createContext(facts)).body;

const FEB = 1517943695500; // 2018-02-06T19:01:35.500Z, AppSync's example instant
const AUG = 1534791600000; // 2018-08-20T19:00:00Z

describe('escapeJavaScript (commons-lang3 escapeEcmaScript)', () => {
  const cases: [string, string][] = [
    [`it's "q" / \\`, `it\\'s \\"q\\" \\/ \\\\`],
    ['\b\n\t\f\r', '\\b\\n\\t\\f\\r'],
    ['\u0000\u0001\u001f', '\\u0000\\u0001\\u001F'],
    [' ~', ' ~'],
    ['\u007f', '\u007f'], // DEL is inside outsideOf(32, 0x7f): not escaped
    ['\u0080', '\\u0080'],
    ['é€', '\\u00E9\\u20AC'],
    ['😀', '\\uD83D\\uDE00'], // a supplementary character: its two surrogates, upper-case hex
  ];

  it.each(cases)('%j', (input, expected) => {
    expect(escapeJavaScript(input)).toBe(expected);
  });

  it('the shortcut for values that need no escaping changes no answer: every UTF-16 unit, alone and between letters', () => {
    const wrong: number[] = [];
    for (let unit = 0; unit <= 0xffff; unit += 1) {
      const ch = String.fromCharCode(unit);
      if (escapeJavaScript(ch) !== escapeEachUnit(ch) || escapeJavaScript(`a${ch}b`) !== escapeEachUnit(`a${ch}b`)) wrong.push(unit);
    }
    expect(wrong).toEqual([]);
  });

  it('AppSync util and API Gateway $util give the same string (once they disagreed on U+007F)', () => {
    const input = `a'\u007f\u0080😀`;
    expect(appsync.escapeJavaScript(input)).toBe(`a\\'\u007f\\u0080\\uD83D\\uDE00`);
    expect(vtl.escapeJavaScript(input)).toBe(appsync.escapeJavaScript(input));
    expect(render('$util.escapeJavaScript("a\u007f\u0080")')).toBe('a\u007f\\u0080');
  });
});

describe('urlEncode / urlDecode (java.net.URLEncoder / URLDecoder, UTF-8)', () => {
  it('encodes like URLEncoder: only A-Z a-z 0-9 . - * _ stay, space is +', () => {
    expect(urlEncode("a b&c=d/é!*'~")).toBe('a+b%26c%3Dd%2F%C3%A9%21*%27%7E');
    expect(urlEncode('\u007f\u0080')).toBe('%7F%C2%80');
    expect(urlEncode('😀')).toBe('%F0%9F%98%80');
    expect(urlEncode('a\ud83d')).toBe('a%3F'); // a lone surrogate is '?' in getBytes(UTF_8)
    expect(appsync.urlEncode('x y')).toBe('x+y');
    expect(vtl.urlEncode('x y')).toBe('x+y');
  });

  it('decodes like URLDecoder, with its errors', () => {
    expect(urlDecode('a+b%26c%3Dd%2F%C3%A9')).toBe('a b&c=d/é');
    expect(urlDecode('%F0%9F%98%80')).toBe('😀');
    expect(urlDecode('%C3%28')).toBe('\ufffd('); // malformed UTF-8 → U+FFFD
    expect(urlDecode('%+1')).toBe('\u0001'); // Integer.parseInt takes the '+'
    expect(() => urlDecode('%')).toThrow('URLDecoder: Incomplete trailing escape (%) pattern');
    expect(() => urlDecode('%4')).toThrow('URLDecoder: Incomplete trailing escape (%) pattern');
    expect(() => urlDecode('%G1')).toThrow('URLDecoder: Illegal hex characters in escape (%) pattern - Error at index 0 in: "G1"');
    expect(() => urlDecode('%-1')).toThrow('URLDecoder: Illegal hex characters in escape (%) pattern - negative value');
    expect(() => appsync.urlDecode('%')).toThrow(JavaBehaviourError);
  });
});

describe('base64Encode / base64Decode (java.util.Base64, UTF-8)', () => {
  it('round-trips UTF-8', () => {
    expect(base64Encode('héllo')).toBe('aMOpbGxv');
    expect(base64Encode('\u007f\u0080')).toBe('f8KA');
    expect(base64Encode('😀')).toBe('8J+YgA==');
    expect(base64Decode('aMOpbGxv')).toBe('héllo');
    expect(base64Decode('YQ')).toBe('a'); // padding is optional
    expect(base64Decode('ab==')).toBe('i');
    expect(vtl.base64Decode(appsync.base64Encode('😀'))).toBe('😀');
  });

  it("rejects what Java's basic decoder rejects, with its messages", () => {
    const cases: [string, string][] = [
      ['a-b_', 'Illegal base64 character 2d'], // the URL-safe alphabet is not the basic one
      ['aé', 'Illegal base64 character -17'], // Java prints the signed byte
      ['a', 'Input byte[] should at least have 2 bytes for base64 bytes'],
      ['😀', 'Input byte[] should at least have 2 bytes for base64 bytes'], // one code point, one '?'
      ['ab=', 'Input byte array has wrong 4-byte ending unit'],
      ['ab=c', 'Input byte array has wrong 4-byte ending unit'],
      ['aMOpbGxv=', 'Input byte array has wrong 4-byte ending unit'],
      ['ab==c', 'Input byte array has incorrect ending byte at 4'],
      ['aGk=aGk=', 'Input byte array has incorrect ending byte at 4'],
      ['aMOpb', 'Last unit does not have enough valid bits'],
      ['a b', 'Illegal base64 character 20'],
    ];
    for (const [input, message] of cases) expect(() => base64Decode(input), input).toThrow(message);
    expect(() => appsync.base64Decode('a-b_')).toThrow(JavaBehaviourError);
  });
});

describe('util.time patterns (java.time DateTimeFormatter, Locale.US)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('documented: nowFormatted and epochMilliSecondsToFormatted', () => {
    vi.useFakeTimers({ now: FEB });
    expect(appsync.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ')).toBe('2018-02-06 19:01:35+0000');
    expect(appsync.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', 'Australia/Perth')).toBe('2018-02-07 03:01:35+0800');
    expect(appsync.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', 'Australia/Adelaide')).toBe('2018-02-07 05:31:35+1030');
    expect(appsync.time.epochMilliSecondsToFormatted(FEB, 'yyyy-MM-dd HH:mm:ssZ')).toBe('2018-02-06 19:01:35+0000');
    expect(appsync.time.epochMilliSecondsToFormatted(FEB, 'yyyy-MM-dd HH:mm:ssZ', 'Australia/Perth')).toBe('2018-02-07 03:01:35+0800');
    expect(appsync.time.epochMilliSecondsToFormatted(AUG, 'yyyy-MM-dd HH:mm:ssZ', 'Australia/Perth')).toBe('2018-08-21 03:00:00+0800');
  });

  it('documented: parsing', () => {
    expect(appsync.time.parseISO8601ToEpochMilliSeconds('2018-02-01T17:21:05.180+08:00')).toBe(1517476865180);
    expect(appsync.time.parseFormattedToEpochMilliSeconds('2018-02-02 01:19:22+0800', 'yyyy-MM-dd HH:mm:ssZ')).toBe(1517505562000);
    expect(appsync.time.parseFormattedToEpochMilliSeconds('2018-02-02 01:19:22', 'yyyy-MM-dd HH:mm:ss', 'Australia/Perth')).toBe(
      1517505562000,
    );
    expect(parseToEpochMillis('Thu, 4 Jul 2024 03:05:09.007 PM', 'EEE, d MMM yyyy hh:mm:ss.SSS a')).toBe(1720105509007);
  });

  it('keeps what the resolvers use exact: epoch milliseconds and ISO 8601 UTC with milliseconds', () => {
    vi.useFakeTimers({ now: 1544092158000 });
    const now = appsync.time.nowEpochMilliSeconds();
    expect(now).toBe(1544092158000);
    expect(appsync.time.epochMilliSecondsToISO8601(now)).toBe('2018-12-06T10:29:18.000Z');
    expect(appsync.time.epochMilliSecondsToISO8601(FEB)).toBe('2018-02-06T19:01:35.500Z');
  });

  // [pattern, zone, epoch ms, what OpenJDK 17 prints] — ZZ, ZZZZ, X, z and MMMMM were printed wrong before.
  const javaPrints: [string, string, number, string][] = [
    ['ZZ', 'Australia/Adelaide', FEB, '+1030'],
    ['ZZ', 'America/New_York', AUG, '-0400'],
    ['ZZZZ', 'UTC', FEB, 'GMT'],
    ['ZZZZ', 'Australia/Adelaide', AUG, 'GMT+09:30'],
    ['ZZZZZ', 'UTC', FEB, 'Z'],
    ['ZZZZZ', 'Asia/Kolkata', FEB, '+05:30'],
    ['X', 'UTC', FEB, 'Z'],
    ['X', 'America/New_York', FEB, '-05'],
    ['X', 'Australia/Adelaide', FEB, '+1030'],
    ['X', 'Asia/Kolkata', AUG, '+0530'],
    ['XXX', 'Europe/Paris', AUG, '+02:00'],
    ['x', 'UTC', FEB, '+00'],
    ['z', 'UTC', FEB, 'UTC'],
    ['z', 'Australia/Adelaide', FEB, 'ACDT'],
    ['z', 'Australia/Adelaide', AUG, 'ACST'],
    ['z', 'America/New_York', FEB, 'EST'],
    ['zzz', 'America/New_York', AUG, 'EDT'],
    ['z', 'Europe/Paris', AUG, 'CEST'],
    ['z', 'Asia/Kolkata', AUG, 'IST'],
    ['z', '+08:00', AUG, '+08:00'],
    ['zzzz', 'Europe/Paris', FEB, 'Central European Standard Time'],
    ['zzzz', 'Australia/Adelaide', FEB, 'Australian Central Daylight Time'],
    ['zzzz', 'UTC', AUG, 'Coordinated Universal Time'],
    ['MMMMM', 'UTC', FEB, 'F'],
    ['MMMMM', 'UTC', AUG, 'A'],
    ['MMM MMMM', 'UTC', AUG, 'Aug August'],
    ['EEEE a', 'Australia/Adelaide', FEB, 'Wednesday AM'],
    ['O', 'Australia/Adelaide', AUG, 'GMT+9:30'],
    ['OOOO', 'America/New_York', AUG, 'GMT-04:00'],
    ['VV', 'Asia/Kolkata', AUG, 'Asia/Kolkata'],
    ["h 'o''clock' a, zzzz", 'UTC', FEB, "7 o'clock PM, Coordinated Universal Time"],
  ];

  it.each(javaPrints)('%s in %s at %i prints %j, as java.time does', (pattern, zone, epochMillis, expected) => {
    expect(formatEpochMillis(epochMillis, pattern, zone)).toBe(expected);
    expect(appsync.time.epochMilliSecondsToFormatted(epochMillis, pattern, zone)).toBe(expected);
  });

  it('a pattern java.time rejects is an error', () => {
    expect(() => appsync.time.nowFormatted('bb')).toThrow("Invalid date pattern 'bb'");
    expect(() => appsync.time.nowFormatted('zzzzz')).toThrow(JavaBehaviourError);
    expect(() => appsync.time.nowFormatted("yyyy 'open")).toThrow(JavaBehaviourError);
  });

  it('a pattern the local runtime cannot print exactly like java.time is an error, never another string', () => {
    // java.time prints 'F' (narrow standalone month), 'in the evening' (B), a 3-digit day-of-year (DD).
    for (const pattern of ['LLLLL', 'ccccc', 'B', 'DD', 'v', 'yyyyyyyyyy']) {
      expect(() => appsync.time.epochMilliSecondsToFormatted(FEB, pattern), pattern).toThrow(/cannot format .* exactly as java.time does/);
    }
    // java.time says SGT; the tz database's abbreviation (+08) cannot tell standard from daylight time.
    expect(() => formatEpochMillis(AUG, 'z', 'Asia/Singapore')).toThrow(/standard or daylight/);
    expect(() => parseToEpochMillis('2018-02-02 AWST', 'yyyy-MM-dd z')).toThrow(/cannot parse 'z'/);
  });

  it('an unknown zone, or text that does not match, is an error', () => {
    expect(() => appsync.time.nowFormatted('yyyy', 'Mars/Olympus')).toThrow('Unknown time-zone ID: Mars/Olympus');
    expect(() => parseToEpochMillis('2018-02-02', 'yyyy-MM-dd')).toThrow(/Unable to obtain ZonedDateTime/);
    expect(() => parseToEpochMillis('02/02/2018', 'yyyy-MM-dd HH:mm:ss')).toThrow(/could not be parsed/);
    expect(() => parseIso8601ToEpochMillis('March 7, 2020')).toThrow(/ISO 8601/);
    expect(() => parseIso8601ToEpochMillis('2020-13-45T00:00:00Z')).toThrow(/ISO 8601/);
  });
});

describe('java.lang.String regex methods, each pattern compiled once (local/java/stringMethods.ts)', () => {
  it('answers the same on every use of a pattern: no state carried from one call to the next', () => {
    for (let i = 0; i < 3; i += 1) {
      expect(replaceAll('a-b-c', '-', '+')).toBe('a+b+c');
      expect(replaceFirst('a-b-c', '-', '+')).toBe('a+b-c');
      expect(matches('a-b', '[a-z]-[a-z]')).toBe(true);
      expect(matches('a-b!', '[a-z]-[a-z]')).toBe(false);
      expect(replaceAll('x1y22', '(\\d+)', '<$1>\\$')).toBe('x<1>$y<22>$');
      expect(replaceAll('x1y22', '(\\d+)', '[$0]')).toBe('x[1]y[22]');
    }
  });

  it("a replacement without group references is literal text, JavaScript's own $ patterns included", () => {
    // Java: `\$` is a literal $, so these replacements hold the text JavaScript would read as $&, $', $$ and $<n>.
    expect(replaceAll('a-b', '-', '\\$&')).toBe('a$&b');
    expect(replaceAll('a-b', '-', "\\$'")).toBe("a$'b");
    expect(replaceAll('a-b', '-', '\\$\\$')).toBe('a$$b');
    expect(replaceFirst('a-b-c', '(?<n>-)', '\\$<n>')).toBe('a$<n>b-c');
    expect(replaceAll('a-b', '-', '')).toBe('ab');
  });

  it('refuses an invalid pattern every time, as Java throws PatternSyntaxException', () => {
    for (let i = 0; i < 2; i += 1) expect(() => replaceAll('a', '(', 'b')).toThrow(SyntaxError);
  });
});

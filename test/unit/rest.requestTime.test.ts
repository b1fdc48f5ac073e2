/**
 * `$context.requestTime` as API Gateway documents it: "The CLF-formatted request time
 * (dd/MMM/yyyy:HH:mm:ss +-hhmm)"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html),
 * here always UTC (`+0000`), and the same second as `$context.requestTimeEpoch`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clfRequestTime, createContext } from '../../local/rest/vtl/context.js';
import { renderMappingTemplate } from '../../local/rest/vtl/renderTemplate.js';

const facts = { httpMethod: 'POST', resourcePath: '/x', sourceIp: '127.0.0.1', userAgent: 'test', apiKey: 'k', host: 'localhost' };
const params = { path: {}, querystring: {}, header: {} };
const CLF = /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Reads a `dd/MMM/yyyy:HH:mm:ss +0000` time back to epoch seconds. */
function parseClf(text: string): number {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) \+0000$/.exec(text);
  if (!m) throw new Error(`not CLF: ${text}`);
  const [, dd, mmm, yyyy, hh, mi, ss] = m;
  const month = MONTHS.indexOf(mmm!);
  expect(month).toBeGreaterThanOrEqual(0);
  return Date.UTC(Number(yyyy), month, Number(dd), Number(hh), Number(mi), Number(ss)) / 1000;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('$context.requestTime', () => {
  it('is CLF in UTC and names the same second as requestTimeEpoch', () => {
    const context = createContext(facts);
    expect(context.requestTime).toMatch(CLF);
    expect(typeof context.requestTimeEpoch).toBe('number');
    expect(parseClf(context.requestTime)).toBe(Math.floor(context.requestTimeEpoch / 1000));
  });

  it.each([
    ['2015-04-09T12:34:56Z', '09/Apr/2015:12:34:56 +0000'], // the documented example's instant
    ['2026-12-31T23:59:59.999Z', '31/Dec/2026:23:59:59 +0000'], // milliseconds dropped, never rounded up
    ['2026-01-05T03:04:05Z', '05/Jan/2026:03:04:05 +0000'], // single-digit day and fields padded
    ['2024-02-29T00:00:00Z', '29/Feb/2024:00:00:00 +0000'], // midnight is 00, not 24
  ])('at %s is %s, with requestTimeEpoch the same instant', (iso, expected) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(iso));
    const context = createContext(facts);
    expect(context.requestTime).toBe(expected);
    expect(context.requestTimeEpoch).toBe(Date.parse(iso));
    expect(parseClf(context.requestTime)).toBe(Math.floor(context.requestTimeEpoch / 1000));
  });

  it('matches the documented requestContext pair (20/Feb/2018:22:48:57 +0000 with 1519166937665)', () => {
    expect(clfRequestTime(new Date(1519166937665))).toBe('20/Feb/2018:22:48:57 +0000');
  });

  it('names every month by its English three-letter abbreviation', () => {
    const names = MONTHS.map((_, month) => clfRequestTime(new Date(Date.UTC(2026, month, 15, 12))).slice(3, 6));
    expect(names).toEqual(MONTHS);
  });

  it('reaches mapping templates as $context.requestTime', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2015-04-09T12:34:56Z'));
    const rendered = renderMappingTemplate('$context.requestTime|$context.requestTimeEpoch', '{}', params, createContext(facts));
    expect(rendered.body).toBe('09/Apr/2015:12:34:56 +0000|1428582896000');
  });
});

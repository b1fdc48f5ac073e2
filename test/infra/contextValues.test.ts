/** The one reader of CDK context values (infra/bin/contextValues.ts): what each kind accepts and how it refuses. */
import { describe, expect, it } from 'vitest';
import { contextValues } from '../../infra/bin/contextValues.js';

const values = (context: Record<string, unknown>) => contextValues((key) => context[key]);

describe('contextValues', () => {
  it('treats unset, null and empty alike, and gives text for what cdk.json holds as numbers or booleans', () => {
    const v = values({ a: null, b: '', c: 7, d: false, e: 'x' });
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => v.text(key))).toEqual([undefined, undefined, '7', 'false', 'x', undefined]);
  });

  it('reads whole numbers within a range, the fallback when unset, and names key, value and range when not', () => {
    const v = values({ n: '12', m: 40, big: '101', half: '2.5', word: 'ten' });
    const range = { min: 1, max: 100 };
    expect(v.wholeNumber('n', 5, range)).toBe(12);
    expect(v.wholeNumber('m', 5, range)).toBe(40);
    expect(v.wholeNumber('unset', 5, range)).toBe(5);
    expect(() => v.wholeNumber('big', 5, range)).toThrow(/^big "101": use a whole number from 1 to 100$/);
    expect(() => v.wholeNumber('half', 5, range, ' (a note)')).toThrow(/^half "2.5": use a whole number from 1 to 100 \(a note\)$/);
    expect(() => v.wholeNumber('word', 5, range)).toThrow('word "ten"');
  });

  it('reads positive numbers, fractions included', () => {
    const v = values({ p: '0.5', zero: '0', neg: -1, inf: 'Infinity' });
    expect(v.positiveNumber('p', 1)).toBe(0.5);
    expect(v.positiveNumber('unset', 3)).toBe(3);
    for (const key of ['zero', 'neg', 'inf']) expect(() => v.positiveNumber(key, 1)).toThrow(`${key} "`);
    expect(() => v.positiveNumber('zero', 1)).toThrow(/^zero "0": use a number greater than 0$/);
  });

  it('reads true/false in any case, as text or as a boolean', () => {
    const v = values({ a: 'TRUE', b: false, c: 'False', bad: 'yes' });
    expect([v.flag('a', false), v.flag('b', true), v.flag('c', true), v.flag('unset', true)]).toEqual([true, false, false, true]);
    expect(() => v.flag('bad', true)).toThrow(/^bad "yes": use true or false$/);
  });

  it('picks one of named choices after folding case, lists them when refusing, and refuses names every object has', () => {
    const v = values({ period: 'Week', level: 'all', proto: 'constructor', str: 'toString', dunder: '__proto__' });
    const periods = { day: 1, week: 7, month: 30 };
    expect(v.oneOf('period', 'day', periods)).toBe(7);
    expect(v.oneOf('unset', 'month', periods)).toBe(30);
    expect(v.oneOf('level', 'ERROR', { ERROR: 'E', ALL: 'A' }, { fold: 'upper' })).toBe('A');
    expect(() => values({ period: 'year' }).oneOf('period', 'day', periods)).toThrow(/^period "year": use day, week or month$/);
    expect(() =>
      values({ level: 'none' }).oneOf('level', 'ERROR', { ERROR: 1, ALL: 2 }, { fold: 'upper', requirement: 'use ERROR, ALL' }),
    ).toThrow(/^level "NONE": use ERROR, ALL$/);
    for (const key of ['proto', 'str', 'dunder']) expect(() => v.oneOf(key, 'day', periods), key).toThrow(/use day, week or month/);
  });

  it('checks text against a pattern, passing unset through', () => {
    const v = values({ id: 'ab-1', bad: 'a b' });
    expect(v.matching('id', /^[a-z0-9-]+$/, 'use a-z, 0-9, -')).toBe('ab-1');
    expect(v.matching('unset', /^x$/, 'use x')).toBeUndefined();
    expect(() => v.matching('bad', /^[a-z0-9-]+$/, 'use a-z, 0-9, -')).toThrow(/^bad "a b": use a-z, 0-9, -$/);
  });
});

/**
 * The contract's input rules as properties, on resolvers/lib/validation.ts itself (the very code
 * bundled into the resolvers): for any string and any number, the verdict matches the rule.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { GRAND_TOTAL_MAX, GRAND_TOTAL_MIN_POSITIVE, ID_MAX_CHARS, grandTotalProblem, idProblem } from '../../resolvers/lib/validation.js';

/** The rule, written independently: 1–100 characters (code points), no '#', no C0/DEL/C1 control. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
function idIsValid(value: string): boolean {
  const chars = [...value].length;
  return chars >= 1 && chars <= ID_MAX_CHARS && !value.includes('#') && !CONTROL.test(value) && value.isWellFormed();
}

// Strings from the whole of Unicode (astral planes, lone surrogates included), biased toward the
// interesting characters, and sometimes long.
const interesting = fc.constantFrom('#', '\u0000', '\n', '\u001f', '\u007f', '\u0085', '\u009f', ' ', '~', '\u00a0', '🧾', 'é');
const anyChar = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  interesting,
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);
const anyString = fc.oneof(
  fc.array(anyChar, { maxLength: 12 }).map((a) => a.join('')),
  fc.string({ unit: 'binary', maxLength: 130 }),
  fc.string({ unit: 'grapheme', minLength: 95, maxLength: 105 }),
);
/** Valid ids: 1–100 code points from anything but '#', control characters and lone surrogates. */
const validChar = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 1 })
  .filter((c) => c !== '#' && !CONTROL.test(c) && c.isWellFormed());
const validId = fc.array(validChar, { minLength: 1, maxLength: ID_MAX_CHARS }).map((a) => a.join(''));
const field = fc.constantFrom('store_id', 'order_id', 'user_id');

describe('ids (store_id, order_id, user_id)', () => {
  test.prop([field, anyString], { numRuns: 2000 })('are refused exactly when the rule is broken', (name, value) => {
    const problem = idProblem(name, value);
    expect(problem === null).toBe(idIsValid(value));
    if (problem !== null) expect(problem.startsWith(`${name} `)).toBe(true);
  });

  test.prop([field, validId], { numRuns: 1000 })('any valid id is accepted', (name, value) => {
    expect(idProblem(name, value)).toBeNull();
  });

  test.prop([field, fc.string({ unit: 'binary', maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 50 })])(
    "any string with '#' is refused",
    (name, a, b) => {
      expect(idProblem(name, `${a}#${b}`)).not.toBeNull();
    },
  );

  test.prop([
    field,
    fc.string({ maxLength: 40 }),
    fc.integer({ min: 0, max: 0x1f }).chain((c) => fc.constantFrom(c, c + 0x7f > 0x9f ? 0x7f : c + 0x80)),
    fc.string({ maxLength: 40 }),
  ])('any string with a control character is refused, naming control characters unless a # comes first', (name, a, code, b) => {
    const value = `${a}${String.fromCharCode(code)}${b}`;
    const problem = idProblem(name, value);
    expect(problem).not.toBeNull();
    if (!a.includes('#')) expect(problem).toMatch(/control/);
  });

  test.prop([field, fc.array(validChar, { minLength: ID_MAX_CHARS + 1, maxLength: 300 }).map((a) => a.join(''))])(
    'any string over 100 characters is refused',
    (name, value) => {
      expect(idProblem(name, value)).toMatch(/at most 100/);
    },
  );

  test.prop([field, fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.object())])(
    'anything but a string is refused',
    (name, value) => {
      expect(idProblem(name, value)).toBe(`${name} must be a string`);
    },
  );
});

describe('grand_total', () => {
  test.prop([fc.oneof(fc.constant(0), fc.double({ min: GRAND_TOTAL_MIN_POSITIVE, max: GRAND_TOTAL_MAX, noNaN: true }))], { numRuns: 2000 })(
    'any finite number in {0} ∪ [1e-130, 1e12] is accepted',
    (total) => {
      expect(grandTotalProblem(total)).toBeNull();
    },
  );

  test.prop([fc.double({ min: Number.MIN_VALUE, max: GRAND_TOTAL_MIN_POSITIVE, maxExcluded: true, noNaN: true })], { numRuns: 500 })(
    'a positive number below 1e-130 (DynamoDB underflow) is refused',
    (total) => {
      expect(grandTotalProblem(total)).toBe('grand_total must be 0 or at least 1e-130 (the smallest number DynamoDB stores)');
    },
  );

  test.prop(
    [
      fc.oneof(
        fc.double({ max: -Number.MIN_VALUE }),
        fc.double({ min: GRAND_TOTAL_MAX, minExcluded: true }),
        fc.constantFrom(NaN, Infinity, -Infinity),
      ),
    ],
    { numRuns: 2000 },
  )('negative, over 1e12, NaN and infinite are refused', (total) => {
    expect(grandTotalProblem(total)).toMatch(/^grand_total must be/);
  });

  test.prop([fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.bigInt())])('anything but a number is refused', (total) => {
    expect(grandTotalProblem(total)).toBe('grand_total must be a finite number');
  });
});

/**
 * Contract rules for ids and totals, written in the APPSYNC_JS subset (no regex literals,
 * no while/try/throw, no ++): it runs in AppSync and in the local runtime alike.
 * Each check returns the first problem as a sentence naming the field, or null.
 */

export const ID_MAX_CHARS = 100;
export const GRAND_TOTAL_MAX = 1e12;
export const GRAND_TOTAL_MIN_POSITIVE = 1e-130;

/** store_id, order_id, user_id: 1–100 characters, no '#', no control characters, well-formed Unicode. */
export function idProblem(field: string, value: unknown): string | null {
  if (typeof value !== 'string') {
    return `${field} must be a string`;
  }
  let chars = 0;
  for (const ch of value) {
    chars += 1;
    if (ch === '#') {
      return `${field} must not contain '#'`;
    }
    if (ch < ' ' || (ch >= '\u007f' && ch <= '\u009f')) {
      return `${field} must not contain control characters`;
    }
    // for-of yields a valid pair as one two-unit character; a lone surrogate cannot be stored as UTF-8.
    if (ch.length === 1 && ch >= '\ud800' && ch <= '\udfff') {
      return `${field} must be valid Unicode (it has a lone surrogate)`;
    }
  }
  if (chars < 1) {
    return `${field} must not be empty (1–${ID_MAX_CHARS} characters)`;
  }
  if (chars > ID_MAX_CHARS) {
    return `${field} must be at most ${ID_MAX_CHARS} characters (got ${chars})`;
  }
  return null;
}

/** grand_total: finite, >= 0, <= 1e12. */
export function grandTotalProblem(value: unknown): string | null {
  if (typeof value !== 'number' || value !== value || value === Infinity || value === -Infinity) {
    return 'grand_total must be a finite number';
  }
  if (value < 0) {
    return 'grand_total must be >= 0';
  }
  if (value > GRAND_TOTAL_MAX) {
    return 'grand_total must be <= 1e12';
  }
  // DynamoDB cannot store a non-zero number below 1e-130 ("Number underflow"): refuse it up front.
  if (value > 0 && value < GRAND_TOTAL_MIN_POSITIVE) {
    return 'grand_total must be 0 or at least 1e-130 (the smallest number DynamoDB stores)';
  }
  return null;
}

/** The first problem among several checks, or null. */
export function firstProblem(problems: (string | null)[]): string | null {
  for (const problem of problems) {
    if (problem !== null) {
      return problem;
    }
  }
  return null;
}

/**
 * Contract rules for ids and totals, written in the APPSYNC_JS subset: only statements, operators
 * and built-ins listed on "Supported runtime features"
 * (https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html), so no regex,
 * while/try/throw, ++, and no iterating a string (its code units come from split('')).
 * It runs in AppSync and in the local runtime alike.
 * Each check returns the first problem as a sentence naming the field, or null.
 */

export const ID_MAX_CHARS = 100;
export const GRAND_TOTAL_MAX = 1e12;
export const GRAND_TOTAL_MIN_POSITIVE = 1e-130;

/**
 * store_id, order_id, user_id: 1–100 characters (Unicode code points: a surrogate pair is one),
 * no '#', no control characters, well-formed Unicode (a lone surrogate cannot be stored as UTF-8).
 */
export function idProblem(field: string, value: unknown): string | null {
  if (typeof value !== 'string') {
    return `${field} must be a string`;
  }
  let chars = 0;
  // A high surrogate seen, waiting for its low half.
  let high = false;
  for (const unit of value.split('')) {
    const low = unit >= '\udc00' && unit <= '\udfff';
    if (high && low) {
      // The second half of a pair: the same character.
      high = false;
    } else {
      if (high || low) {
        return `${field} must be valid Unicode (it has a lone surrogate)`;
      }
      chars += 1;
      if (unit === '#') {
        return `${field} must not contain '#'`;
      }
      if (unit < ' ' || (unit >= '\u007f' && unit <= '\u009f')) {
        return `${field} must not contain control characters`;
      }
      high = unit >= '\ud800' && unit <= '\udbff';
    }
  }
  if (high) {
    return `${field} must be valid Unicode (it has a lone surrogate)`;
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

/**
 * Typed reads of CDK context values (`-c key=value`, cdk.json's `context`). `-c` gives strings,
 * cdk.json may give numbers or booleans; an unset, null or empty value takes the fallback. A value
 * that does not fit throws `<key> "<value>": <what it must be>`, so the message names the key to fix.
 */

/** How a value is looked up: `(key) => app.node.tryGetContext(key)` in the app, a plain object in tests. */
export type ContextLookup = (key: string) => unknown;

export interface ContextValues {
  /** The value as text; undefined when unset, null or empty. */
  text(key: string): string | undefined;
  /** Text that `pattern` accepts; undefined when unset. */
  matching(key: string, pattern: RegExp, requirement: string): string | undefined;
  /** A number that `problem` accepts (null); `problem` says what the value must be otherwise. */
  number(key: string, fallback: number, problem: (value: number) => string | null): number;
  /** A whole number within `range`; `note` follows the range in the message. */
  wholeNumber(key: string, fallback: number, range: { readonly min: number; readonly max: number }, note?: string): number;
  /** A finite number greater than 0. */
  positiveNumber(key: string, fallback: number): number;
  /** `true` or `false`, in any case. */
  flag(key: string, fallback: boolean): boolean;
  /**
   * One of `choices`' names, matched after folding to lower case (or upper case with `fold: 'upper'`);
   * the message shows the folded text and, unless `requirement` says otherwise, lists the names.
   */
  oneOf<T>(key: string, fallback: string, choices: Readonly<Record<string, T>>, options?: OneOfOptions): T;
}

export interface OneOfOptions {
  /** @default 'lower' */
  readonly fold?: 'lower' | 'upper';
  /** @default `use a, b or c` from the names of the choices */
  readonly requirement?: string;
}

/** The error every reader throws: `<key> "<value>": <requirement>`. */
export function invalidContext(key: string, shown: string, requirement: string): Error {
  return new Error(`${key} "${shown}": ${requirement}`);
}

/** `a`, `a or b`, `a, b or c`. */
function alternatives(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export function contextValues(get: ContextLookup): ContextValues {
  const text = (key: string): string | undefined => {
    const value = get(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const number = (key: string, fallback: number, problem: (value: number) => string | null): number => {
    const raw = text(key) ?? String(fallback);
    const value = Number(raw);
    const found = problem(value);
    if (found !== null) throw invalidContext(key, raw, found);
    return value;
  };
  const oneOf = <T>(key: string, fallback: string, choices: Readonly<Record<string, T>>, options: OneOfOptions = {}): T => {
    const raw = text(key) ?? fallback;
    const folded = options.fold === 'upper' ? raw.toUpperCase() : raw.toLowerCase();
    // Own names only: `constructor` or `toString` are not choices.
    if (Object.hasOwn(choices, folded)) return choices[folded]!;
    throw invalidContext(key, folded, options.requirement ?? `use ${alternatives(Object.keys(choices))}`);
  };
  return {
    text,
    matching(key, pattern, requirement) {
      const value = text(key);
      if (value !== undefined && !pattern.test(value)) throw invalidContext(key, value, requirement);
      return value;
    },
    number,
    wholeNumber(key, fallback, { min, max }, note = '') {
      return number(key, fallback, (value) =>
        Number.isInteger(value) && value >= min && value <= max ? null : `use a whole number from ${min} to ${max}${note}`,
      );
    },
    positiveNumber(key, fallback) {
      return number(key, fallback, (value) => (Number.isFinite(value) && value > 0 ? null : 'use a number greater than 0'));
    },
    flag(key, fallback) {
      return oneOf(key, String(fallback), { true: true, false: false });
    },
    oneOf,
  };
}

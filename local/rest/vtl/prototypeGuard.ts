/**
 * velocityjs 2.1.7's prototype guard (src/compile/prototype-guard.ts), which the compiled templates
 * apply where its interpreter does: a template may not read or write `__proto__`, a function's
 * `prototype`, or a `constructor`/`prototype` the object does not own.
 */

export function hasOwnProperty(base: unknown, key: string): boolean {
  return (typeof base === 'object' || typeof base === 'function') && base !== null && Object.prototype.hasOwnProperty.call(base, key);
}

/** `isEnd`: the key is the last of a path being set (or a name set without a path). */
export function isBlockedPrototypeKey(base: unknown, key: string, isEnd = false): boolean {
  if (key === '__proto__') return true;
  if (key === 'prototype' && typeof base === 'function') return true;
  return !isEnd && (key === 'constructor' || key === 'prototype') && !hasOwnProperty(base, key);
}

/** Whether the keys of a path being set from `startIndex` on, below a missing object, hold a blocked one. */
export function hasBlockedUnknownPrototypePath(keys: readonly string[], startIndex: number): boolean {
  return keys.slice(startIndex).some((key, i) => {
    const isEnd = startIndex + i === keys.length - 1;
    return key === '__proto__' || (!isEnd && (key === 'constructor' || key === 'prototype'));
  });
}

/**
 * The built-ins APPSYNC_JS has, and nothing else. AWS documents the runtime's whole feature set
 * on one page, "Supported runtime features":
 * https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html
 * Everything that page does not list is removed from a resolver's vm realm before its bundle
 * runs: other globals (Promise, Date, RegExp, Map, Symbol, Reflect, parseInt, ...) and the
 * undocumented methods of the documented objects (String.prototype.includes, Array.isArray,
 * Math.abs, Number.prototype.toFixed, Function.prototype.call, ...). Calling one then fails
 * as a call of something that does not exist: a ReferenceError or a TypeError.
 * Symbol-keyed machinery stays (syntax needs it: for-of over arrays, spread), except the string
 * iterator: iterating a string is not documented.
 */
import vm from 'node:vm';

export const SUPPORTED_FEATURES_URL = 'https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html';

/** Globals the page lists ("Globals", "Primitive objects", "Built-in objects and functions"). */
export const DOCUMENTED_GLOBALS = [
  'NaN',
  'Infinity',
  'undefined',
  'Object',
  'String',
  'Number',
  'Math',
  'Array',
  'JSON',
  'console',
  'util',
  'extensions',
  'runtime',
] as const;

/** Own string-keyed properties kept on each documented object; every other one is deleted. */
export const DOCUMENTED_MEMBERS: Record<string, readonly string[]> = {
  Object: ['assign', 'entries', 'hasOwn', 'keys', 'values'],
  'Object.prototype': [],
  String: ['raw'],
  'String.prototype': [
    'length',
    'charAt',
    'concat',
    'endsWith',
    'indexOf',
    'lastIndexOf',
    'replace',
    'replaceAll',
    'slice',
    'split',
    'startsWith',
    'toLowerCase',
    'toUpperCase',
    'trim',
    'trimEnd',
    'trimStart',
  ],
  Number: ['isFinite', 'isNaN'],
  'Number.prototype': [],
  Math: ['random', 'min', 'max', 'round', 'floor', 'ceil'],
  Array: [],
  'Array.prototype': [
    'length',
    'concat',
    'fill',
    'flat',
    'indexOf',
    'join',
    'lastIndexOf',
    'pop',
    'push',
    'reverse',
    'shift',
    'slice',
    'sort',
    'splice',
    'unshift',
    'forEach',
    'map',
    'flatMap',
    'filter',
    'reduce',
    'reduceRight',
    'find',
    'some',
    'every',
    'findIndex',
    'findLast',
    'findLastIndex',
  ],
  JSON: ['parse', 'stringify'],
  // "The apply, bind, and call methods are not supported. Function constructors are not supported."
  'Function.prototype': [],
};

/** Kept on every object: what a function or prototype is made of, not a feature. */
const STRUCTURAL = new Set(['prototype', 'length', 'name', 'constructor']);

/**
 * Built in the vm realm before the restriction, so its functions keep what they captured:
 * `JSON.parse` returns '' for text that is not JSON (the page: "Returns a blank string if the
 * parsed string is not valid JSON"), `Array.prototype.sort` refuses arguments ("doesn't support
 * arguments"), and `wrap` makes a vm-realm function of a host one (see realmMembrane.ts).
 */
const PRELUDE = new vm.Script(
  `(function () {
  'use strict';
  const apply = Reflect.apply;
  const parse = JSON.parse;
  const sort = Array.prototype.sort;
  const TypeError_ = TypeError;
  const fail = (message) => { throw new TypeError_(message); };
  return {
    jsonParse: function parse_(text) { try { return parse(text); } catch (e) { return ''; } },
    arraySort: function sort_() {
      return arguments.length > 0 ? fail('APPSYNC_JS: Array.prototype.sort() does not support arguments') : apply(sort, this, []);
    },
    wrap: (invoke) => function () { return invoke(arguments); },
    newObject: () => ({}),
    newArray: () => [],
  };
})()`,
  { filename: 'appsync-js-prelude.js' },
);

/** What the restricted realm keeps a handle on (for the membrane). */
export interface RealmTools {
  /** Makes a vm-realm function that hands its arguments object to a host function. */
  wrap(invoke: (args: ArrayLike<unknown>) => unknown): (...args: unknown[]) => unknown;
  newObject(): Record<string, unknown>;
  newArray(): unknown[];
  /** The realm's global object (its globalThis binding is gone). */
  global: Record<string, unknown>;
}

/**
 * Restricts a fresh vm context to APPSYNC_JS's documented subset. Call before running any bundle
 * code; then install console, util, extensions and runtime (vm-realm values, see realmMembrane.ts).
 */
export function restrictToAppSyncJs(context: vm.Context): RealmTools {
  const prelude = PRELUDE.runInContext(context) as RealmTools & { jsonParse: unknown; arraySort: unknown };
  const g = vm.runInContext('globalThis', context) as Record<string, Record<string, unknown>>;
  const objects: Record<string, object> = {
    Object: g.Object!,
    'Object.prototype': g.Object!.prototype as object,
    String: g.String!,
    'String.prototype': g.String!.prototype as object,
    Number: g.Number!,
    'Number.prototype': g.Number!.prototype as object,
    Math: g.Math!,
    Array: g.Array!,
    'Array.prototype': g.Array!.prototype as object,
    JSON: g.JSON!,
    'Function.prototype': g.Function!.prototype as object,
  };
  for (const [name, target] of Object.entries(objects)) keepOnly(target, DOCUMENTED_MEMBERS[name]!);
  // The string iterator: `for (const c of "abc")` and `[..."abc"]` are not documented.
  Reflect.deleteProperty(objects['String.prototype']!, Symbol.iterator);
  // Function.prototype.constructor would reach Function, which the page rules out.
  Reflect.deleteProperty(objects['Function.prototype']!, 'constructor');
  g.JSON!.parse = prelude.jsonParse;
  (objects['Array.prototype'] as Record<string, unknown>).sort = prelude.arraySort;

  const keep = new Set<string>(DOCUMENTED_GLOBALS);
  for (const key of Reflect.ownKeys(g)) {
    if (typeof key === 'string' && keep.has(key)) continue;
    // NaN, Infinity and undefined are not configurable; everything else goes.
    Reflect.deleteProperty(g, key);
  }
  return { wrap: prelude.wrap, newObject: prelude.newObject, newArray: prelude.newArray, global: g };
}

function keepOnly(target: object, documented: readonly string[]): void {
  const allowed = new Set(documented);
  for (const key of Reflect.ownKeys(target)) {
    if (typeof key !== 'string' || allowed.has(key) || STRUCTURAL.has(key)) continue;
    Reflect.deleteProperty(target, key);
  }
}

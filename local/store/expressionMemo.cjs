/**
 * Parses each distinct DynamoDB expression once in the embedded store (dynalite).
 *
 * Why: dynalite parses every ConditionExpression, KeyConditionExpression, FilterExpression,
 * UpdateExpression and ProjectionExpression with a PEG parser on every call, and that parse was
 * half of the store thread's time per createOrder (`attribute_not_exists(#store_id)`: ~0.2 ms,
 * profile in docs/performance.md) — the store thread is the server's busiest.
 *
 * Exact, not approximate: a parse is a function of the expression, the request's
 * ExpressionAttributeNames and ExpressionAttributeValues and `isKeyCondition`, and its only effect
 * is deleting the names and values it uses from the request's "unused" sets (dynalite reports the
 * leftovers as errors). So the memo's key is all of those inputs, the miss runs dynalite's own
 * parser on full unused sets to learn which names and values the expression uses, and every call —
 * hit or miss — deletes exactly those from its own sets and gets its own deep copy of the tree.
 * Expressions that fail to parse are never kept: they throw as before, every time.
 */
'use strict';

const { join } = require('node:path');

/** Distinct (expression, names, values) keys kept; the map is emptied when full. */
const MAX_ENTRIES = 2000;
/** Keys longer than this (long value lists) are parsed every time rather than kept: with MAX_ENTRIES, at most ~8 MB. */
const MAX_KEY_LENGTH = 4 * 1024;

/** A deep copy of a parse tree, or undefined if it holds anything but plain data (then it is not kept). */
function copyTree(value) {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : { value };
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const copied = copyTree(value[i]);
      if (copied === undefined) return undefined;
      out[i] = copied.value;
    }
    return { value: out };
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const out = proto === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) {
    const copied = copyTree(value[key]);
    if (copied === undefined) return undefined;
    // defineProperty, not assignment: a "__proto__" key from a JSON request stays an own key.
    Object.defineProperty(out, key, { value: copied.value, writable: true, enumerable: true, configurable: true });
  }
  return { value: out };
}

/** Replaces `parse` of one PEG parser module with the memoised one; `id` keeps the parsers' keys apart. */
function memoiseParser(parser, id, kept) {
  const parse = parser.parse;
  parser.parse = function memoisedParse(text, options) {
    const context = options && options.context;
    if (!context || typeof text !== 'string') return parse.call(this, text, options);
    const key = `${id}\u0000${text}\u0000${JSON.stringify(context.attrNames ?? null)}\u0000${JSON.stringify(context.attrVals ?? null)}\u0000${context.isKeyCondition === true}`;
    const keepable = key.length <= MAX_KEY_LENGTH;
    let entry = keepable ? kept.get(key) : undefined;
    if (entry === undefined) {
      // Full unused sets, so what the parse deletes is everything the expression uses.
      const probe = {
        ...context,
        unusedAttrNames: Object.fromEntries(Object.keys(context.attrNames ?? {}).map((name) => [name, true])),
        unusedAttrVals: Object.fromEntries(Object.keys(context.attrVals ?? {}).map((name) => [name, true])),
      };
      const tree = parse.call(this, text, { ...options, context: probe }); // throws as before: nothing kept
      entry = {
        tree,
        usedNames: Object.keys(context.attrNames ?? {}).filter((name) => !(name in probe.unusedAttrNames)),
        usedValues: Object.keys(context.attrVals ?? {}).filter((name) => !(name in probe.unusedAttrVals)),
      };
      // The kept tree is a private copy: the one returned below is the caller's to change.
      const copied = keepable ? copyTree(tree) : undefined;
      if (copied !== undefined) {
        if (kept.size >= MAX_ENTRIES) kept.clear();
        kept.set(key, { ...entry, tree: copied.value });
      }
    } else {
      entry = { ...entry, tree: copyTree(entry.tree).value };
    }
    if (context.unusedAttrNames) for (const name of entry.usedNames) delete context.unusedAttrNames[name];
    if (context.unusedAttrVals) for (const name of entry.usedValues) delete context.unusedAttrVals[name];
    return entry.tree;
  };
}

/**
 * Memoises dynalite's expression parsers (db/conditionParser.js, updateParser.js,
 * projectionParser.js) in this thread; `dynaliteDir` is dynalite's package folder. Call before
 * the first request.
 */
function memoiseExpressionParsers(dynaliteDir) {
  const kept = new Map();
  for (const name of ['conditionParser', 'updateParser', 'projectionParser']) {
    memoiseParser(require(join(dynaliteDir, 'db', name)), name, kept);
  }
  return kept;
}

module.exports = { memoiseExpressionParsers };

/**
 * A mapping template's payload (`$input`): the method request body, or the integration response
 * body. The in-process AppSync integration answers with a value whose body is its JSON text;
 * writing that text only for `$input.path` to parse it back costs a write and a parse per request,
 * so a template that never reads the text itself (`inputUse.ts`) gets the value JSON.parse would
 * read from it, built directly by `jsonView`.
 */

export interface Payload {
  /** The body as text (`$input.body`); undefined for a template that cannot read it. */
  text: string | undefined;
  /** The body as JSON (`$input.path('$')`): an empty body is `{}`; text that is not JSON throws. */
  value(): unknown;
}

export function textPayload(body: string): Payload {
  let parsed: { value: unknown } | undefined;
  return {
    text: body,
    // Parsed on first use: a template that never reads the payload accepts any text, as in API Gateway.
    value: () => (parsed ??= { value: /^\s*$/.test(body) ? {} : JSON.parse(body) }).value,
  };
}

/** A body the caller has already read as JSON (`value` is `JSON.parse(text)`, which is never handed out: `$input` gives copies). */
export function parsedPayload(text: string, value: unknown): Payload {
  return { text, value: () => value };
}

/** The body `JSON.stringify(value)` would write, for a template that reads it only through `$input.path/json/params`. */
export function viewPayload(value: unknown): Payload {
  let view: { value: unknown } | undefined;
  return { text: undefined, value: () => (view ??= { value: jsonView(value) }).value };
}

/**
 * `JSON.parse(JSON.stringify(value))`, without the text: an answer that writes no text (undefined)
 * is the text "undefined", which is not JSON.
 */
export function jsonView(value: unknown): unknown {
  const view = jsonValue('', value, 0);
  return view === undefined ? JSON.parse(String(undefined)) : view;
}

/** Past this depth a value is handed to JSON itself (which also reports a cycle as it does). */
const MAX_DEPTH = 64;

/**
 * What JSON.parse reads back from `JSON.stringify`'s text of `value` under `key` (ECMA-262
 * SerializeJSONProperty) for what an AppSync answer is made of — plain and null-prototype objects,
 * arrays, strings, numbers (non-finite ones null, -0 written 0), booleans, null; undefined,
 * functions and symbols left out of objects and null in arrays. Anything else (toJSON, wrapper
 * objects, class instances, BigInt) goes through JSON itself, with its key.
 */
function jsonValue(key: string | number, value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object': {
      if (value === null) return null;
      if (depth < MAX_DEPTH && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
        if (Array.isArray(value)) {
          // A loop, not map: a hole is written as null too.
          const items: unknown[] = [];
          for (let i = 0; i < value.length; i += 1) items.push(jsonValue(i, value[i], depth + 1) ?? null);
          return items;
        }
        const prototype = Object.getPrototypeOf(value) as unknown;
        if (prototype === Object.prototype || prototype === null) {
          const copy: Record<string, unknown> = {};
          for (const k of Object.keys(value)) {
            const item = jsonValue(k, (value as Record<string, unknown>)[k], depth + 1);
            if (item === undefined) continue;
            // JSON.parse makes "__proto__" an own property; an assignment would set the prototype instead.
            if (k === '__proto__') Object.defineProperty(copy, k, { value: item, enumerable: true, writable: true, configurable: true });
            else copy[k] = item;
          }
          return copy;
        }
      }
      return throughJson(key, value);
    }
    default:
      return throughJson(key, value);
  }
}

function throughJson(key: string | number, value: unknown): unknown {
  const name = String(key);
  const text = JSON.stringify({ [name]: value });
  return text === '{}' ? undefined : (JSON.parse(text) as Record<string, unknown>)[name];
}

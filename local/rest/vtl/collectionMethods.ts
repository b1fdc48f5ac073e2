/**
 * The Java collection and bean methods velocityjs answers for any object a template calls them on
 * (`$map.get('k')`, `$map.keySet()`, `$list.size()`, `$list.add(x)`, `$o.getName()` …), as the
 * compiled templates ask them (compiledTemplate.ts): velocityjs 2.1.7's built-in method handlers
 * (src/compile/methods.ts), which it does not export. Each says which method names it can answer,
 * so a call site asks only those. test/unit/compiledTemplate.test.ts calls every one of them on
 * every kind of value through both renderers and requires velocityjs's answers.
 */
import type { MethodCall, MethodHandler } from './methodHandler.js';
import { isBlockedPrototypeKey } from './prototypeGuard.js';

function hasProperty(context: unknown, field: string): boolean {
  if (typeof context === 'number' || typeof context === 'string')
    return Boolean((context as unknown as Record<string, unknown>)[field]) || Object.prototype.hasOwnProperty.call(context, field);
  if (!context) return false;
  return field in (context as object);
}

/** A method of one name, answered only when the object has no member of that name. */
const named = (name: string, resolve: (call: MethodCall) => unknown): MethodHandler => ({
  uid: `system: ${name}`,
  names: new Set([name]),
  match: ({ property, context }) => property === name && !hasProperty(context, property),
  resolve,
});

/** A bean accessor: `get`/`is`/`set` followed by a property's name, when the object has no such member. */
const prefixed = (uid: string, prefix: string, resolve: (call: MethodCall) => unknown): MethodHandler => ({
  uid: `system: ${uid}`,
  prefix,
  match: ({ property, context }) => property.indexOf(prefix) === 0 && !(property in (context as object)) && property.length > prefix.length,
  resolve,
});

function getter(base: unknown, property: unknown): unknown {
  const object = base as Record<string | number, unknown>;
  if (typeof property === 'number') return object[property];
  let key = property as string;
  if (isBlockedPrototypeKey(base, key)) return undefined;
  const letter = key.charCodeAt(0);
  const isUpper = letter < 91;
  const ret = object[key];
  if (ret !== undefined) return ret;
  // The other case of the first letter: `getName` reads `name`, then `Name`.
  key = (isUpper ? String.fromCharCode(letter).toLowerCase() : String.fromCharCode(letter).toUpperCase()) + key.slice(1);
  if (isBlockedPrototypeKey(base, key)) return undefined;
  return object[key];
}

function setter(context: unknown, property: unknown, value: unknown): unknown {
  const key = String(property);
  if (isBlockedPrototypeKey(context, key, true)) return '';
  (context as Record<string, unknown>)[key] = value;
  return value;
}

function size(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return undefined;
}

/** In velocityjs's order, which decides between two that match. */
export const collectionMethods: readonly MethodHandler[] = [
  named('get', ({ context, params }) => getter(context, params[0])),
  named('set', ({ context, params }) => {
    setter(context, params[0], params[1]);
    return '';
  }),
  prefixed('getValue', 'get', ({ context, property }) => getter(context, property.slice(3))),
  prefixed('isValue', 'is', ({ context, property }) => getter(context, property.slice(2))),
  prefixed('setValue', 'set', ({ context, property, params }) => {
    setter(context, property.slice(3), params[0]);
    (context as Record<string, unknown>)['toString'] = () => '';
    return context;
  }),
  named('keySet', ({ context }) => Object.keys(context as object)),
  named('entrySet', ({ context }) =>
    Object.keys(context as object).map((key) => ({ key, value: (context as Record<string, unknown>)[key] })),
  ),
  named('size', ({ context }) => size(context)),
  named('put', ({ context, params }) => setter(context, params[0], params[1])),
  named('add', ({ context, params }) => {
    const list = context as { push?: unknown };
    if (typeof list.push !== 'function') return undefined;
    return (context as unknown[]).push(params[0]);
  }),
  named('remove', ({ context, params }) => {
    if (Array.isArray(context)) {
      let index = params[0];
      if (typeof index !== 'number') index = context.indexOf(params[0]);
      const ret: unknown = context[index as number];
      context.splice(index as number, 1);
      return ret;
    }
    if (typeof context === 'object' && context !== null) {
      const object = context as Record<string, unknown>;
      const key = params[0] as string;
      const ret = object[key];
      delete object[key];
      return ret;
    }
    return undefined;
  }),
  named('subList', ({ context, params }) => (context as unknown[]).slice(params[0] as number, params[1] as number)),
];

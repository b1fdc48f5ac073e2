/**
 * The boundary between the host (the runtime's util and dynamodb helpers, ctx, the executor) and
 * one resolver's restricted vm realm. Values crossing it are copied into the receiving realm:
 * the resolver only ever holds objects built on its own restricted prototypes (so
 * `ctx.args.list.includes(x)` fails locally as it does in AppSync, not just literals made in the
 * bundle), and host code only ever gets host objects (so it can use any method it likes).
 * Host functions reach the resolver as vm-realm functions (no call/apply/bind, like AppSync's).
 */
import type { RealmTools } from './appsyncJsSubset.js';

export interface Membrane {
  /** A host value as the resolver sees it. Functions become vm functions calling the host one. */
  toVm(value: unknown): unknown;
  /**
   * A vm value as host code sees it: plain host data. A function is dropped (undefined, as JSON
   * drops it): host code must never call resolver code with a host `this` (`super` in such a
   * method reaches the host realm's constructors — the EvaluateCode escape of issue 24).
   */
  toHost(value: unknown): unknown;
  /** A host namespace (util, runtime, a module): its methods keep their host `this`. */
  namespace(host: object): Record<string, unknown>;
}

/**
 * Host objects whose accessors must stay lazy in the resolver's realm (ctx.info's selection sets,
 * computed only when read). Every other object crossing the membrane is plain data — ctx's parts,
 * GraphQL arguments, the store's answers, util's results — and is copied by reading its values,
 * without a property descriptor per key (the descriptors were most of what copying ctx cost).
 */
const withAccessors = new WeakSet<object>();

/** Marks a host object whose getters the resolver's copy keeps as getters (read when the resolver reads them). */
export function keepAccessors<T extends object>(host: T): T {
  withAccessors.add(host);
  return host;
}

export function createMembrane(tools: RealmTools): Membrane {
  const functions = new WeakMap<object, unknown>();

  const vmFunction = (fn: (...args: unknown[]) => unknown, self: unknown): unknown => {
    const known = functions.get(fn);
    if (known) return known;
    const wrapped = tools.wrap((args) => toVm(fn.apply(self, hostArgs(args))));
    functions.set(fn, wrapped);
    return wrapped;
  };

  const hostArgs = (args: ArrayLike<unknown>): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < args.length; i += 1) out.push(toHost(args[i]));
    return out;
  };

  function toVm(value: unknown, seen = new Map<object, unknown>()): unknown {
    if (typeof value === 'function') return vmFunction(value as (...args: unknown[]) => unknown, undefined);
    if (typeof value !== 'object' || value === null) return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out = tools.newArray();
      seen.set(value, out);
      for (const item of value) out.push(toVm(item, seen));
      return out;
    }
    const out = tools.newObject();
    seen.set(value, out);
    if (!withAccessors.has(value)) {
      // Own enumerable string keys, in order, by value.
      for (const key of Object.keys(value)) out[key] = toVm((value as Record<string, unknown>)[key], seen);
      return out;
    }
    // Own enumerable string keys, in order; one descriptor at a time (all at once, then entries, cost ~8× more).
    for (const key of Object.keys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (!desc) continue;
      if (desc.get) {
        // Lazy, as the host object is (ctx.info.selectionSetList is computed only when read).
        const get = desc.get;
        Object.defineProperty(out, key, {
          get: tools.wrap(() => toVm(get.call(value))) as () => unknown,
          enumerable: true,
          configurable: true,
        });
      } else {
        out[key] = toVm(desc.value, seen);
      }
    }
    return out;
  }

  function toHost(value: unknown, seen = new Map<object, unknown>()): unknown {
    if (typeof value === 'function') return undefined;
    if (typeof value !== 'object' || value === null) return value;
    const done = seen.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (let i = 0; i < value.length; i += 1) out.push(toHost(value[i], seen));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const key of Object.keys(value)) out[key] = toHost((value as Record<string, unknown>)[key], seen);
    return out;
  }

  const namespaces = new WeakMap<object, Record<string, unknown>>();
  function namespace(host: object): Record<string, unknown> {
    const known = namespaces.get(host);
    if (known) return known;
    const out = tools.newObject();
    namespaces.set(host, out);
    for (const [key, value] of Object.entries(host)) {
      if (typeof value === 'function') out[key] = vmFunction(value as (...args: unknown[]) => unknown, host);
      else if (typeof value === 'object' && value !== null && !Array.isArray(value)) out[key] = namespace(value);
      else out[key] = toVm(value);
    }
    return out;
  }

  return { toVm: (value) => toVm(value), toHost: (value) => toHost(value), namespace };
}

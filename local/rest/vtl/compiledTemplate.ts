/**
 * velocityjs's interpreter, specialised once per template: each AST node becomes a closure that does
 * exactly what the interpreter's method for that node does (velocityjs 2.1.7,
 * node_modules/velocityjs/dist/cjs/compile/*.cjs — `renderAstList`, `getBlock`, `getBlockIf`,
 * `getBlockEach`, `setValue`, `getExpression`, `getLiteral`, `getReferences`, `getAttributes`,
 * `getPropMethod`, `getPropIndex`), with what depends only on the node worked out in advance: the
 * node-type dispatch, the reference's text (which the interpreter rebuilds from the AST on every
 * lookup), literal constants and branch lists. Everything that depends on the render stays a
 * run-time step in the interpreter's order: scopes (`local`, `conditions`, `contextId`),
 * `#define`s, method handlers, the helpers velocityjs writes onto objects, prototype guards.
 *
 * Why: the REST shims render two templates per request, and interpreting them was most of the shim
 * layer's cost (docs/performance.md). Rare directives (#macro and its calls, #define, macro
 * bodies) are not specialised: their nodes run through the interpreter's own method on the same
 * instance, whose state the closures share, so a template mixes both freely.
 * test/unit/compiledTemplate.test.ts renders every shipped template and a corpus of VTL edge cases
 * both ways and requires the same output.
 */
import velocity from 'velocityjs';

/* velocityjs's AST is a loose union of plain objects and arrays (a block is an array whose first
   element is its head); these closures read it as the interpreter does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

/** The interpreter instance a render runs on: its state, and its own methods for what is not specialised. */
export interface Runtime {
  context: Record<string, unknown>;
  local: Record<string, Record<string, unknown>>;
  conditions: string[];
  contextId: string;
  defines: Record<string, unknown>;
  silence: boolean;
  runState: { stop: boolean; break: boolean };
  config: {
    /** Always false here (API Gateway escapes nothing): velocityjs's HTML escaping is not specialised. */
    escape?: false;
    unescape?: Record<string, unknown>;
    valueMapper?: (value: unknown) => unknown;
    customMethodHandlers?: readonly (MethodHandler | undefined)[];
  };
  /**
   * A scope name not used before in this render. velocityjs numbers its scopes from one counter for
   * the process; only their being distinct counts (and a `macro:` prefix, which these never have).
   */
  nextScopeId(kind: string): string;
  renderAstList(asts?: Node[], contextId?: string): string;
  getBlock(block: Node[]): string;
  getMacro(ast: Node): string;
  getContext(id: string): Record<string, unknown>;
  getPathKeys(ref: Node): string[];
  resolveSetPath(context: unknown, ref: Node, keys: string[]): SetPath;
  eval(...args: unknown[]): string;
  _throw(ast: Node, property: Node, errorName?: string): void;
}
/** velocityjs's `customMethodHandlers` entry (its type is not exported). */
export interface MethodHandler {
  uid: string;
  /** The only method names this handler can match, when it can say (velocityjs's own handlers cannot). */
  names?: ReadonlySet<string>;
  match(payload: MethodCall): boolean;
  resolve(payload: MethodCall): unknown;
}
export interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}
interface SetPath {
  blocked: boolean;
  rootRef?: unknown;
  shouldSetRoot?: boolean;
  baseRef?: Record<string, unknown>;
  key?: string;
}

/** A list of nodes, rendered as `renderAstList(asts, contextId)` renders it. */
export type CompiledList = (rt: Runtime, contextId?: string) => string;
type Item = (rt: Runtime) => unknown;
type Value = (rt: Runtime) => unknown;
type Reference = (rt: Runtime, isVal?: boolean) => unknown;
type Attribute = (rt: Runtime, base: unknown) => unknown;

/** Lists and references compiled here, for the interpreter's entry points to find (renderTemplate.ts). */
export const compiledLists = new WeakMap<object, CompiledList>();
export const compiledReferences = new WeakMap<object, Reference>();

/** The interpreter's `parse` for a double-quoted literal holding `$` or `#` (its `evalStr`). */
type ParseLiteral = (text: string) => Node[];

export function compileTemplate(asts: Node[], parseLiteral: ParseLiteral): CompiledList {
  return compileList(asts, parseLiteral);
}

// base-compile.cjs renderAstList: set the scope, then each node until #stop.
function compileList(asts: Node[], parseLiteral: ParseLiteral): CompiledList {
  const cached = compiledLists.get(asts);
  if (cached) return cached;
  const items: Item[] = asts.map((ast) => compileItem(ast, parseLiteral));
  const list: CompiledList = (rt, contextId) => {
    let str = '';
    if (contextId) {
      if (contextId !== rt.contextId && rt.conditions.indexOf(contextId) === -1) rt.conditions.unshift(contextId);
      rt.contextId = contextId;
    } else rt.contextId = '';
    for (const item of items) {
      if (rt.runState.stop === true) break;
      // `str +=` on the item's own value, as the interpreter appends it (an object with its own toString included).
      str += item(rt) as string;
    }
    return str;
  };
  compiledLists.set(asts, list);
  return list;
}

function compileItem(ast: Node, parseLiteral: ParseLiteral): Item {
  if (typeof ast === 'string') return () => ast;
  switch (ast.type) {
    case 'references': {
      const ref = compileReference(ast, parseLiteral);
      return (rt) => format(ref(rt, true));
    }
    case 'set': {
      const set = compileSet(ast, parseLiteral);
      return (rt) => {
        set(rt);
        return '';
      };
    }
    case 'break':
      return (rt) => {
        rt.runState.break = true;
        return '';
      };
    case 'macro_call':
      return (rt) => rt.getMacro(ast);
    case 'comment':
      return () => '';
    case 'raw':
      return () => ast.value;
    default:
      return compileBlock(ast, parseLiteral);
  }
}

// blocks.cjs getBlock: the block's result, or '' when it gives nothing.
function compileBlock(block: Node[], parseLiteral: ParseLiteral): Item {
  const head = block[0];
  switch (head.type) {
    case 'if': {
      const run = compileIf(block, parseLiteral);
      return (rt) => run(rt) || '';
    }
    case 'foreach': {
      const run = compileForeach(block, parseLiteral);
      return (rt) => run(rt) || '';
    }
    case 'noescape': {
      const body = compileList(block.slice(1), parseLiteral);
      return (rt) => body(rt) || '';
    }
    case 'macro':
    case 'define':
    case 'macro_body':
      // Definitions and macro bodies: the interpreter's own method (it keeps what it defines on the instance).
      return (rt) => rt.getBlock(block);
    default: {
      const body = compileList(block, parseLiteral);
      return (rt) => body(rt) || '';
    }
  }
}

// blocks.cjs getBlockIf: the first branch whose condition holds (or #else), rendered in the current scope.
function compileIf(block: Node[], parseLiteral: ParseLiteral): (rt: Runtime) => string {
  const branches: { condition: Value | undefined; nodes: Node[] }[] = [];
  for (const ast of block) {
    const hasCondition = ast.type === 'elseif' || ast.type === 'if';
    if (hasCondition || ast.type === 'else') {
      branches.push({ condition: hasCondition ? compileExpression(ast.condition, parseLiteral) : undefined, nodes: [] });
    } else branches[branches.length - 1]!.nodes.push(ast);
  }
  const bodies = branches.map((branch) => ({ condition: branch.condition, body: compileList(branch.nodes, parseLiteral) }));
  const none = compileList([], parseLiteral);
  return (rt) => {
    for (const { condition, body } of bodies) {
      if (condition === undefined || condition(rt)) return body(rt, rt.contextId);
    }
    return none(rt, rt.contextId);
  };
}

// blocks.cjs getBlockEach: a fresh scope per loop, `$foreach` and `$velocityCount` per item, the
// scope dropped afterwards only when the source had a length (so, as in the interpreter, not for a map).
function compileForeach(block: Node[], parseLiteral: ParseLiteral): (rt: Runtime) => string {
  const head = block[0];
  const body = compileList(block.slice(1), parseLiteral);
  const to = intern(head.to as string);
  // The interpreter evaluates a copy of the source node carrying the block's position: a reference
  // there never keeps a change to the node (compileReference's `copy`).
  const source = compileLiteral({ ...head.from, pos: head.pos }, parseLiteral, true);
  return (rt) => {
    const from = source(rt) as Record<string, unknown> | unknown[] | undefined;
    const local: Record<string, unknown> = { foreach: { count: 0, index: 0, hasNext: false }, velocityCount: 0 };
    let ret = '';
    const contextId = rt.nextScopeId('foreach');
    const type = {}.toString.call(from);
    if (!from || (type !== '[object Array]' && type !== '[object Object]')) return '';
    const items = Array.isArray(from) ? from : Object.values(from);
    const len = items.length;
    items.forEach((val, i) => {
      if (rt.runState.break) return;
      local[to] = val;
      local['foreach'] = { count: i + 1, index: i, hasNext: i + 1 < len };
      local['velocityCount'] = i + 1;
      rt.local[contextId] = local;
      ret += body(rt, contextId);
    });
    if ((from as { length?: number }).length) {
      rt.runState.break = false;
      rt.local[contextId] = {};
      rt.conditions.shift();
      rt.contextId = rt.conditions[0] || '';
    }
    return ret;
  };
}

// set.cjs setValue, with the value's evaluation specialised; the scope and path steps are the interpreter's own.
function compileSet(ast: Node, parseLiteral: ParseLiteral): (rt: Runtime) => void {
  const ref = ast.equal[0];
  const valueAst = ast.equal[1];
  const isMath = valueAst.type === 'math';
  const value = isMath ? compileExpression(valueAst, parseLiteral) : compileLiteral(valueAst, parseLiteral);
  return (rt) => {
    let context = rt.getContext(ref.id);
    if (rt.contextId && rt.contextId.indexOf('macro:') === 0) context = rt.context;
    const pathKeys = rt.getPathKeys(ref);
    let setPath = rt.resolveSetPath(context, ref, pathKeys);
    if (setPath.blocked) return;
    const val = isMath ? value(rt) : rt.config.valueMapper?.(value(rt));
    if (!ref.path) {
      context[ref.id] = val;
      return;
    }
    setPath = rt.resolveSetPath(context, ref, pathKeys);
    if (setPath.blocked) return;
    if (setPath.shouldSetRoot) context[ref.id] = setPath.rootRef;
    if (setPath.key !== undefined) setPath.baseRef![setPath.key] = val;
  };
}

// expression.cjs getExpression.
function compileExpression(ast: Node, parseLiteral: ParseLiteral): Value {
  if (ast.type !== 'math') return compileLiteral(ast, parseLiteral);
  const [a, b] = (ast.expression as Node[]).map((exp) => compileExpression(exp, parseLiteral)) as [Value, Value | undefined];
  const two = b as Value;
  /* eslint-disable eqeqeq -- Velocity's == and != are the interpreter's loose JavaScript ones. */
  switch (ast.operator) {
    case '+':
      return (rt) => (a(rt) as number) + (two(rt) as number);
    case '-':
      return (rt) => (a(rt) as number) - (two(rt) as number);
    case '/':
      return (rt) => (a(rt) as number) / (two(rt) as number);
    case '%':
      return (rt) => (a(rt) as number) % (two(rt) as number);
    case '*':
      return (rt) => (a(rt) as number) * (two(rt) as number);
    case '||':
      return (rt) => a(rt) || two(rt);
    case '&&':
      return (rt) => a(rt) && two(rt);
    case '>':
      return (rt) => (a(rt) as number) > (two(rt) as number);
    case '<':
      return (rt) => (a(rt) as number) < (two(rt) as number);
    case '==':
      return (rt) => a(rt) == two(rt);
    case '>=':
      return (rt) => (a(rt) as number) >= (two(rt) as number);
    case '<=':
      return (rt) => (a(rt) as number) <= (two(rt) as number);
    case '!=':
      return (rt) => a(rt) != two(rt);
    case 'minus':
      return (rt) => -(a(rt) as number);
    case 'not':
      return (rt) => !a(rt);
    case 'parenthesis':
      return (rt) => a(rt);
    default:
      return () => undefined;
  }
  /* eslint-enable eqeqeq */
}

// literal.cjs getLiteral (and getString, getArray).
function compileLiteral(literal: Node, parseLiteral: ParseLiteral, copy = false): Value {
  switch (literal.type) {
    case 'string': {
      const val: string = literal.value;
      if (literal.isEval && (val.indexOf('#') !== -1 || val.indexOf('$') !== -1)) {
        // evalStr: the literal's text parsed and rendered in the current scope — parsed on first use,
        // as the interpreter parses it only when it is evaluated (a literal that does not parse fails then).
        let body: CompiledList | undefined;
        return (rt) => (body ??= compileList(parseLiteral(val), parseLiteral))(rt, rt.contextId);
      }
      return () => val;
    }
    case 'integer': {
      const n = parseInt(literal.value, 10);
      return () => n;
    }
    case 'decimal': {
      const n = parseFloat(literal.value);
      return () => n;
    }
    case 'array': {
      if (!('isRange' in literal && literal.isRange === true)) {
        const items = (literal.value as Node[]).map((exp) => compileLiteral(exp, parseLiteral));
        return (rt) => items.map((item) => item(rt));
      }
      const ends = (literal.value as Node[]).map((exp): Value => {
        if (typeof exp === 'string') {
          const n = parseInt(exp, 10);
          return () => n;
        }
        if (typeof exp === 'number') return () => exp;
        const ref = compileReference(exp, parseLiteral);
        return (rt) => ref(rt);
      });
      return (rt) => {
        const [begin, end] = ends.map((end) => end(rt)) as [number, number];
        if (Number.isNaN(begin) || Number.isNaN(end)) return [];
        const ret: number[] = [];
        if (begin < end) for (let i = begin; i <= end; i++) ret.push(i);
        else for (let i = begin; i >= end; i--) ret.push(i);
        return ret;
      };
    }
    case 'map': {
      const map: Record<string, Node> = literal.value || {};
      const entries = Object.keys(map).map((key) => [key, compileLiteral(map[key], parseLiteral)] as const);
      return (rt) => {
        const ret: Record<string, unknown> = {};
        for (const [key, value] of entries) ret[key] = value(rt);
        return ret;
      };
    }
    case 'bool': {
      const value = ({ true: true, false: false, null: null } as Record<string, unknown>)[literal.value];
      return () => value;
    }
    default: {
      const ref = compileReference(literal, parseLiteral, copy);
      return (rt) => ref(rt);
    }
  }
}

/**
 * references.cjs getReferences (with getLocal inlined), for one reference node. `copy`: the node is
 * a fresh copy on each evaluation in the interpreter (a #foreach's source), so the one change
 * getReferences makes to its node (`prue` cleared for a name in `unescape`) does not last.
 */
function compileReference(ast: Node, parseLiteral: ParseLiteral, copy = false): Reference {
  const cached = copy ? undefined : compiledReferences.get(ast);
  if (cached) return cached;
  const id = intern(ast.id as string);
  const isFunction = ast.args !== undefined;
  const silentLeader = ast.leader === '$!';
  // getRefText depends on the node alone; the interpreter rebuilds it on every lookup.
  const text = intern(velocity.Helper.getRefText(ast));
  const call = isFunction ? compileMethod(ast, ast, parseLiteral) : undefined;
  const path: { property: Node; get: Attribute }[] | undefined = Array.isArray(ast.path)
    ? (ast.path as Node[]).map((property) => ({ property, get: compileAttribute(property, ast, parseLiteral) }))
    : undefined;
  const reference: Reference = (rt, isVal) => {
    if (ast.prue) {
      const define = rt.defines[id];
      if (Array.isArray(define)) return rt.renderAstList(define);
      if (rt.config.unescape && id in rt.config.unescape && !copy) ast.prue = false;
    }
    const isSilent = rt.silence || silentLeader;
    const context = rt.context;
    let ret = isBlockedPrototypeKey(context, id) ? undefined : context[id];
    let isLocal = false;
    let localValue: unknown = false;
    const local = rt.local;
    for (const contextId of rt.conditions) {
      if (hasOwnProperty(local[contextId], id)) {
        localValue = local[contextId]![id];
        isLocal = true;
        break;
      }
    }
    if (hasOwnProperty(context, text)) return context[text];
    if (ret !== undefined && call) ret = call(rt, context);
    if (isLocal) ret = localValue;
    if (path) {
      for (const { property, get } of path) {
        if (ret === undefined) rt._throw(ast, property);
        ret = get(rt, ret);
      }
    }
    if (isVal && ret === undefined) ret = isSilent ? '' : text;
    return ret;
  };
  if (!copy) compiledReferences.set(ast, reference);
  return reference;
}

// references.cjs getAttributes.
function compileAttribute(property: Node, ast: Node, parseLiteral: ParseLiteral): Attribute {
  if (property.type === 'method') {
    const call = compileMethod(property, ast, parseLiteral);
    return (rt, base) => (base === null || base === undefined ? undefined : call(rt, base));
  }
  if (property.type === 'property') {
    const id = intern(property.id as string);
    return (_rt, base) => {
      if (base === null || base === undefined) return undefined;
      if (isBlockedPrototypeKey(base, id)) return undefined;
      return (base as Record<string, unknown>)[id];
    };
  }
  // getPropIndex
  const key: Node = property.id;
  const keyValue: Value = key.type === 'references' ? compileReference(key, parseLiteral) : () => key.value;
  return (rt, base) => {
    if (base === null || base === undefined) return undefined;
    const k = keyValue(rt) as string;
    if (isBlockedPrototypeKey(base, String(k))) return undefined;
    return (base as Record<string, unknown>)[k];
  };
}

const posUnknown = { first_line: 'unknown', first_column: 'unknown' };

// references.cjs getPropMethod: handlers first (in their order), else the object's own function,
// with the `eval` helper velocityjs writes onto every object whose method a template calls.
function compileMethod(property: Node, ast: Node, parseLiteral: ParseLiteral): Attribute {
  const id = intern(property.id as string);
  const args = ((property.args || []) as Node[]).map((exp) => compileLiteral(exp, parseLiteral));
  // The handlers that could match this name, in their order; worked out again only for another list.
  let seen: readonly (MethodHandler | undefined)[] = [];
  let candidates: MethodHandler[] = [];
  const askable = (handlers: readonly (MethodHandler | undefined)[]): MethodHandler[] => {
    if (handlers !== seen && !(handlers.length === seen.length && handlers.every((h, i) => h === seen[i]))) {
      candidates = handlers.filter((h): h is MethodHandler => !!h && mayMatch(h, id));
    }
    seen = handlers;
    return candidates;
  };
  return (rt, baseRef) => {
    if (isBlockedPrototypeKey(baseRef, id)) {
      rt._throw(ast, property, 'TypeError');
      return undefined;
    }
    const base = baseRef as Record<string, unknown>;
    let ret = base[id] as { call?: unknown; apply(self: unknown, args: unknown[]): unknown } | undefined;
    const params = args.map((arg) => arg(rt));
    const handlers = rt.config.customMethodHandlers;
    if (handlers) {
      const candidates = askable(handlers);
      if (candidates.length > 0) {
        const payload: MethodCall = { property: id, params, context: baseRef };
        const matched = candidates.find((item) => item.match(payload));
        if (matched) return matched.resolve(payload);
      }
    }
    if (!ret || !ret.call) {
      rt._throw(ast, property, 'TypeError');
      return undefined;
    }
    if (typeof baseRef === 'object' && baseRef)
      base['eval'] = (...evalArgs: unknown[]) => (evalArgs.length > 0 && typeof evalArgs[0] === 'string' ? rt.eval(...evalArgs) : '');
    try {
      return ret.apply(baseRef, params);
    } catch (e) {
      const pos = ast.pos || posUnknown;
      const err = `on ${velocity.Helper.getRefText(ast)} at L/N ${pos.first_line}:${pos.first_column}`;
      if (e instanceof Error) e.message += err;
      throw e;
    }
  };
}

/**
 * The same text as an internalized string (V8 keeps one copy of each property name): the parser's
 * names are slices of the template, which every property lookup would otherwise hash and search for.
 */
function intern(text: string): string {
  return Object.keys({ [text]: 0 })[0]!;
}

/**
 * velocityjs's own handlers (methods.cjs) test the method's name first — equal to one name
 * (`matchProperty`), or starting with a prefix (`matchStartWith`) — and for any other name answer
 * false without reading the object, so asking them is skipped for names they cannot match.
 * test/unit/compiledTemplate.test.ts checks this table against velocityjs's list.
 */
export const VELOCITY_HANDLER_NAMES = new Map<string, (name: string) => boolean>([
  ...['get', 'set', 'keySet', 'entrySet', 'size', 'put', 'add', 'remove', 'subList'].map(
    (method) => [`system: ${method}`, (name: string) => name === method] as const,
  ),
  ['system: getValue', (name) => name.indexOf('get') === 0],
  ['system: isValue', (name) => name.indexOf('is') === 0],
  ['system: setValue', (name) => name.indexOf('set') === 0],
]);

function mayMatch(handler: MethodHandler, name: string): boolean {
  if (handler.names) return handler.names.has(name);
  const rule = VELOCITY_HANDLER_NAMES.get(handler.uid);
  return rule ? rule(name) : true;
}

// prototype-guard.cjs
function hasOwnProperty(base: unknown, key: string): boolean {
  return (typeof base === 'object' || typeof base === 'function') && base !== null && Object.prototype.hasOwnProperty.call(base, key);
}
function isBlockedPrototypeKey(base: unknown, key: string): boolean {
  if (key === '__proto__') return true;
  if (key === 'prototype' && typeof base === 'function') return true;
  return (key === 'constructor' || key === 'prototype') && !hasOwnProperty(base, key);
}

// utils.cjs format: how a reference's value is written into the output.
function format(value: unknown): unknown {
  if (Array.isArray(value)) return '[' + value.map((v) => format(v)).join(', ') + ']';
  if (typeof value === 'object' && value !== null) {
    if ((value as { toString: () => string }).toString.toString().indexOf('[native code]') === -1) return value;
    const kvJoin = (k: string) => `${k}=${format((value as Record<string, unknown>)[k]) as string}`;
    return '{' + Object.keys(value).map(kvJoin).join(', ') + '}';
  }
  return value;
}

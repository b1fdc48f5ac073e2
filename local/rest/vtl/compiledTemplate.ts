/**
 * velocityjs's interpreter, compiled once per template into JavaScript: each AST node becomes code
 * that does exactly what the interpreter's method for that node does (velocityjs 2.1.7,
 * node_modules/velocityjs/dist/cjs/compile/*.cjs — `renderAstList`, `getBlock`, `getBlockIf`,
 * `getBlockEach`, `setValue`, `getExpression`, `getLiteral`, `getReferences`, `getAttributes`,
 * `getPropMethod`, `getPropIndex`), with what depends only on the node written into the code: the
 * node-type dispatch, names and the reference's text (which the interpreter rebuilds from the AST
 * on every lookup), literal constants and branch lists. Everything that depends on the render stays
 * a run-time step in the interpreter's order: scopes (`local`, `conditions`, `contextId`),
 * `#define`s, method handlers, the helpers velocityjs writes onto objects, prototype guards.
 *
 * Why code and not closures: the REST shims render two templates per request, and interpreting
 * them was most of the shim layer's cost (docs/performance.md). Generated code reads each name at
 * its own site (V8 keeps one shape per site instead of one shared, megamorphic lookup) and calls
 * no closure per node. Rare directives (#macro and its calls, #define, macro bodies) are not
 * compiled: their nodes run through the interpreter's own method on the same instance, whose state
 * the generated code shares, so a template mixes both freely.
 * test/unit/compiledTemplate.test.ts renders every shipped template and a corpus of VTL edge cases
 * both ways and requires the same output.
 */
import velocity from 'velocityjs';

/* velocityjs's AST is a loose union of plain objects and arrays (a block is an array whose first
   element is its head); these closures read it as the interpreter does. */
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
  /** The `eval` helper velocityjs writes onto each object whose method a template calls: one function per render. */
  evalFor(): (...args: unknown[]) => string;
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
type Reference = (rt: Runtime, isVal?: boolean) => unknown;

/** Lists and references compiled here, for the interpreter's entry points to find (renderTemplate.ts). */
export const compiledLists = new WeakMap<object, CompiledList>();
export const compiledReferences = new WeakMap<object, Reference>();

/** The interpreter's `parse` for a double-quoted literal holding `$` or `#` (its `evalStr`). */
type ParseLiteral = (text: string) => Node[];

export function compileTemplate(asts: Node[], parseLiteral: ParseLiteral): CompiledList {
  const cached = compiledLists.get(asts);
  if (cached) return cached;
  const unit = new Unit(parseLiteral);
  const name = unit.list(asts);
  return unit.link()[name] as CompiledList;
}

/** A method call site: its name, its nodes, and the handlers that could match the name. */
interface MethodSite {
  id: string;
  ast: Node;
  property: Node;
  askable(handlers: readonly (MethodHandler | undefined)[]): MethodHandler[];
}

/** An interpolated string literal: its text, compiled on first use (the interpreter parses it only when evaluated). */
interface EvalString {
  text: string;
  body?: CompiledList;
}

/** What generated code calls: the run-time steps that are the same for every node. */
const helpers = {
  hasOwn: hasOwnProperty,
  blocked: isBlockedPrototypeKey,
  /** `str +=` of a reference's value, formatted as the interpreter formats it. */
  text: (value: unknown): unknown => (typeof value === 'string' ? value : format(value)),
  // references.cjs getPropIndex, after the base was found not to be null.
  indexed(base: unknown, k: unknown): unknown {
    if (isBlockedPrototypeKey(base, String(k))) return undefined;
    return (base as Record<string, unknown>)[k as string];
  },
  // references.cjs getPropMethod, from the handlers on: `fn` is the object's own member, read before the arguments.
  invoke(rt: Runtime, site: MethodSite, baseRef: unknown, fn: unknown, params: unknown[]): unknown {
    const handlers = rt.config.customMethodHandlers;
    if (handlers) {
      const candidates = site.askable(handlers);
      if (candidates.length > 0) {
        const payload: MethodCall = { property: site.id, params, context: baseRef };
        for (const item of candidates) if (item.match(payload)) return item.resolve(payload);
      }
    }
    const ret = fn as { call?: unknown; apply(self: unknown, args: unknown[]): unknown } | undefined;
    if (!ret || !ret.call) {
      rt._throw(site.ast, site.property, 'TypeError');
      return undefined;
    }
    if (typeof baseRef === 'object' && baseRef) (baseRef as Record<string, unknown>)['eval'] = rt.evalFor();
    try {
      return ret.apply(baseRef, params);
    } catch (e) {
      const pos = site.ast.pos || posUnknown;
      const err = `on ${velocity.Helper.getRefText(site.ast)} at L/N ${pos.first_line}:${pos.first_column}`;
      if (e instanceof Error) e.message += err;
      throw e;
    }
  },
  // literal.cjs getArray for a range.
  range(begin: number, end: number): number[] {
    if (Number.isNaN(begin) || Number.isNaN(end)) return [];
    const ret: number[] = [];
    if (begin < end) for (let i = begin; i <= end; i++) ret.push(i);
    else for (let i = begin; i >= end; i--) ret.push(i);
    return ret;
  },
  // blocks.cjs getBlockEach: a fresh scope per loop, `$foreach` and `$velocityCount` per item, the
  // scope dropped afterwards only when the source had a length (so, as in the interpreter, not for a map).
  foreach(rt: Runtime, from: unknown, to: string, body: CompiledList): string {
    const local: Record<string, unknown> = { foreach: { count: 0, index: 0, hasNext: false }, velocityCount: 0 };
    let ret = '';
    const contextId = rt.nextScopeId('foreach');
    const type = {}.toString.call(from);
    if (!from || (type !== '[object Array]' && type !== '[object Object]')) return '';
    const items = Array.isArray(from) ? from : Object.values(from as object);
    const len = items.length;
    // forEach, as the interpreter: a hole is skipped.
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
  },
  // literal.cjs getString for a literal holding `$` or `#`: parsed and rendered in the current scope.
  evalString(rt: Runtime, literal: EvalString, parseLiteral: ParseLiteral): string {
    literal.body ??= compileTemplate(parseLiteral(literal.text), parseLiteral);
    return literal.body(rt, rt.contextId);
  },
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** A property read written as JavaScript: `.name` where it can be, `["name"]` otherwise. */
const member = (name: string): string => (IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);
/** Names that isBlockedPrototypeKey may refuse; any other name it lets through whatever the object. */
const GUARDED = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * One template (or one interpolated literal) compiled: the generated functions share one scope,
 * with the AST nodes and constants they need in `K`. `link` evaluates the code once.
 */
class Unit {
  private readonly code: string[] = [];
  private readonly names: string[] = [];
  private readonly constants: unknown[] = [];
  private readonly registered: { name: string; node: object; kind: 'list' | 'reference' }[] = [];
  private count = 0;

  constructor(private readonly parseLiteral: ParseLiteral) {}

  /** A constant (a node, a site, a number) as an expression. */
  private k(value: unknown): string {
    this.constants.push(value);
    return `K[${this.constants.length - 1}]`;
  }

  private fn(prefix: string, params: string, body: string): string {
    const name = `${prefix}${this.count++}`;
    this.code.push(`function ${name}(${params}) {\n${body}\n}`);
    this.names.push(name);
    return name;
  }

  link(): Record<string, unknown> {
    const source = `"use strict";\n${this.code.join('\n')}\nreturn { ${this.names.join(', ')} };`;
    const fns = new Function('h', 'K', 'parseLiteral', source)(helpers, this.constants, this.parseLiteral) as Record<string, unknown>;
    for (const { name, node, kind } of this.registered) {
      if (kind === 'list') compiledLists.set(node, fns[name] as CompiledList);
      else compiledReferences.set(node, fns[name] as Reference);
    }
    return fns;
  }

  // base-compile.cjs renderAstList: set the scope, then each node until #stop.
  list(asts: Node[]): string {
    const lines = [
      `let str = '';`,
      `if (contextId) {`,
      `  if (contextId !== rt.contextId && rt.conditions.indexOf(contextId) === -1) rt.conditions.unshift(contextId);`,
      `  rt.contextId = contextId;`,
      `} else rt.contextId = '';`,
    ];
    for (const ast of asts) {
      lines.push(`if (rt.runState.stop === true) return str;`);
      // `str +=` on the item's own value, as the interpreter appends it (an object with its own toString included).
      const item = this.item(ast);
      if (item !== '') lines.push(item);
    }
    lines.push('return str;');
    const name = this.fn('list', 'rt, contextId', lines.join('\n'));
    this.registered.push({ name, node: asts, kind: 'list' });
    return name;
  }

  private item(ast: Node): string {
    if (typeof ast === 'string') return `str += ${JSON.stringify(ast)};`;
    switch (ast.type) {
      case 'references':
        return `str += h.text(${this.reference(ast)}(rt, true));`;
      case 'set':
        return `${this.set(ast)}(rt);`;
      case 'break':
        return `rt.runState.break = true;`;
      case 'macro_call':
        return `str += rt.getMacro(${this.k(ast)});`;
      case 'comment':
        return '';
      case 'raw':
        return `str += ${JSON.stringify(ast.value)};`;
      default:
        return `str += ${this.block(ast)}(rt) || '';`;
    }
  }

  // blocks.cjs getBlock: the block's result ('' when it gives nothing, added by the caller).
  private block(block: Node[]): string {
    const head = block[0];
    switch (head.type) {
      case 'if':
        return this.ifBlock(block);
      case 'foreach':
        return this.foreach(block);
      case 'macro':
      case 'define':
      case 'macro_body':
        // Definitions and macro bodies: the interpreter's own method (it keeps what it defines on the instance).
        return this.fn('block', 'rt', `return rt.getBlock(${this.k(block)});`);
      case 'noescape':
        return this.fn('block', 'rt', `return ${this.list(block.slice(1))}(rt);`);
      default:
        return this.fn('block', 'rt', `return ${this.list(block)}(rt);`);
    }
  }

  // blocks.cjs getBlockIf: the first branch whose condition holds (or #else), rendered in the current scope.
  private ifBlock(block: Node[]): string {
    const branches: { condition: Node | undefined; nodes: Node[] }[] = [];
    for (const ast of block) {
      const hasCondition = ast.type === 'elseif' || ast.type === 'if';
      if (hasCondition || ast.type === 'else') branches.push({ condition: hasCondition ? ast.condition : undefined, nodes: [] });
      else branches[branches.length - 1]!.nodes.push(ast);
    }
    const lines = branches.map(({ condition, nodes }) => {
      const body = `return ${this.list(nodes)}(rt, rt.contextId);`;
      return condition === undefined ? body : `if (${this.expression(condition)}) ${body}`;
    });
    lines.push(`return ${this.list([])}(rt, rt.contextId);`);
    return this.fn('ifBlock', 'rt', lines.join('\n'));
  }

  private foreach(block: Node[]): string {
    const head = block[0];
    const body = this.list(block.slice(1));
    // The interpreter evaluates a copy of the source node carrying the block's position: a reference
    // there never keeps a change to the node (reference's `copy`).
    const source = this.literal({ ...head.from, pos: head.pos }, true);
    return this.fn('foreach', 'rt', `return h.foreach(rt, ${source}, ${JSON.stringify(head.to)}, ${body});`);
  }

  // set.cjs setValue, with the value's evaluation compiled; the scope and path steps are the interpreter's own.
  private set(ast: Node): string {
    const ref = ast.equal[0];
    const valueAst = ast.equal[1];
    const value = valueAst.type === 'math' ? this.expression(valueAst) : `rt.config.valueMapper?.(${this.literal(valueAst)})`;
    const id = JSON.stringify(ref.id);
    const scope = [
      `let context = rt.getContext(${id});`,
      `if (rt.contextId && rt.contextId.indexOf('macro:') === 0) context = rt.context;`,
    ];
    if (!ref.path)
      // No path: resolveSetPath(context, ref, []) is only the guard's end-of-path check
      // (isBlockedPrototypeKey with isEnd), which lets every name outside GUARDED through whatever the object.
      return this.fn(
        'set',
        'rt',
        [...scope, GUARDED.has(ref.id) ? `if (h.blocked(context, ${id}, true)) return;` : '', `context[${id}] = ${value};`].join('\n'),
      );
    return this.fn(
      'set',
      'rt',
      [
        `const ref = ${this.k(ref)};`,
        ...scope,
        `const pathKeys = rt.getPathKeys(ref);`,
        `let setPath = rt.resolveSetPath(context, ref, pathKeys);`,
        `if (setPath.blocked) return;`,
        `const val = ${value};`,
        `setPath = rt.resolveSetPath(context, ref, pathKeys);`,
        `if (setPath.blocked) return;`,
        `if (setPath.shouldSetRoot) context[${id}] = setPath.rootRef;`,
        `if (setPath.key !== undefined) setPath.baseRef[setPath.key] = val;`,
      ].join('\n'),
    );
  }

  // expression.cjs getExpression: an expression in JavaScript, each operand parenthesised.
  private expression(ast: Node): string {
    if (ast.type !== 'math') return this.literal(ast);
    const [a, b] = (ast.expression as Node[]).map((exp) => `(${this.expression(exp)})`) as [string, string | undefined];
    switch (ast.operator) {
      case '+':
      case '-':
      case '/':
      case '%':
      case '*':
      case '||':
      case '&&':
      case '>':
      case '<':
      case '==':
      case '>=':
      case '<=':
      case '!=':
        // Velocity's == and != are the interpreter's loose JavaScript ones.
        return `(${a} ${ast.operator as string} ${b!})`;
      case 'minus':
        return `(-${a})`;
      case 'not':
        return `(!${a})`;
      case 'parenthesis':
        return a;
      default:
        return 'undefined';
    }
  }

  // literal.cjs getLiteral (and getString, getArray).
  private literal(literal: Node, copy = false): string {
    switch (literal.type) {
      case 'string': {
        const val: string = literal.value;
        if (literal.isEval && (val.indexOf('#') !== -1 || val.indexOf('$') !== -1)) {
          return `h.evalString(rt, ${this.k({ text: val } satisfies EvalString)}, parseLiteral)`;
        }
        return JSON.stringify(val);
      }
      case 'integer':
        return this.k(parseInt(literal.value, 10));
      case 'decimal':
        return this.k(parseFloat(literal.value));
      case 'array': {
        if (!('isRange' in literal && literal.isRange === true)) {
          return `[${(literal.value as Node[]).map((exp) => this.literal(exp)).join(', ')}]`;
        }
        const [begin, end] = (literal.value as Node[]).map((exp): string => {
          if (typeof exp === 'string') return this.k(parseInt(exp, 10));
          if (typeof exp === 'number') return this.k(exp);
          return `${this.reference(exp)}(rt)`;
        });
        return `h.range(${begin!}, ${end!})`;
      }
      case 'map': {
        const map: Record<string, Node> = literal.value || {};
        const lines = Object.keys(map).map((key) => `ret[${JSON.stringify(key)}] = ${this.literal(map[key])};`);
        return `${this.fn('map', 'rt', ['const ret = {};', ...lines, 'return ret;'].join('\n'))}(rt)`;
      }
      case 'bool':
        return literal.value === 'true' ? 'true' : literal.value === 'false' ? 'false' : literal.value === 'null' ? 'null' : 'undefined';
      default:
        return `${this.reference(literal, copy)}(rt)`;
    }
  }

  /**
   * references.cjs getReferences (with getLocal inlined), for one reference node. `copy`: the node is
   * a fresh copy on each evaluation in the interpreter (a #foreach's source), so the one change
   * getReferences makes to its node (`prue` cleared for a name in `unescape`) does not last.
   */
  private reference(ast: Node, copy = false): string {
    const id = ast.id as string;
    const idKey = JSON.stringify(id);
    // getRefText depends on the node alone; the interpreter rebuilds it on every lookup.
    const text = JSON.stringify(velocity.Helper.getRefText(ast));
    const node = this.k(ast);
    const lines = [
      `const ast = ${node};`,
      `if (ast.prue) {`,
      `  const define = rt.defines[${idKey}];`,
      `  if (Array.isArray(define)) return rt.renderAstList(define);`,
      copy ? '' : `  if (rt.config.unescape && ${idKey} in rt.config.unescape) ast.prue = false;`,
      `}`,
      `const isSilent = rt.silence || ${ast.leader === '$!'};`,
      `const context = rt.context;`,
      `let ret = ${GUARDED.has(id) ? `h.blocked(context, ${idKey}) ? undefined : context[${idKey}]` : `context${member(id)}`};`,
      `let isLocal = false;`,
      `let localValue = false;`,
      `const local = rt.local;`,
      `for (const contextId of rt.conditions) {`,
      `  const scope = local[contextId];`,
      `  if (h.hasOwn(scope, ${idKey})) {`,
      `    localValue = scope[${idKey}];`,
      `    isLocal = true;`,
      `    break;`,
      `  }`,
      `}`,
      `if (h.hasOwn(context, ${text})) return context[${text}];`,
      ast.args !== undefined ? `if (ret !== undefined) ret = ${this.method(ast, ast, 'context')};` : '',
      `if (isLocal) ret = localValue;`,
    ];
    for (const property of Array.isArray(ast.path) ? (ast.path as Node[]) : []) {
      lines.push(`if (ret === undefined) rt._throw(ast, ${this.k(property)});`);
      lines.push(this.attribute(property, ast));
    }
    lines.push(`if (isVal && ret === undefined) ret = isSilent ? '' : ${text};`, `return ret;`);
    const name = this.fn('ref', 'rt, isVal', lines.filter((l) => l !== '').join('\n'));
    if (!copy) this.registered.push({ name, node: ast, kind: 'reference' });
    return name;
  }

  // references.cjs getAttributes: a statement that replaces `ret` with the property's value.
  private attribute(property: Node, ast: Node): string {
    if (property.type === 'method') {
      return `ret = ret === null || ret === undefined ? undefined : ${this.method(property, ast, 'ret')};`;
    }
    if (property.type === 'property') {
      const id = property.id as string;
      const read = GUARDED.has(id) ? `h.blocked(ret, ${JSON.stringify(id)}) ? undefined : ret[${JSON.stringify(id)}]` : `ret${member(id)}`;
      return `ret = ret === null || ret === undefined ? undefined : ${read};`;
    }
    // getPropIndex: the key is evaluated only for a base that is not null.
    const key: Node = property.id;
    const keyValue = key.type === 'references' ? `${this.reference(key)}(rt)` : this.k(key.value);
    return `ret = ret === null || ret === undefined ? undefined : h.indexed(ret, ${keyValue});`;
  }

  // references.cjs getPropMethod: the guard, the member read, the arguments, then handlers or the member itself.
  private method(property: Node, ast: Node, base: string): string {
    const id = property.id as string;
    const idKey = JSON.stringify(id);
    const site = this.k(methodSite(id, ast, property));
    const args = ((property.args || []) as Node[]).map((exp) => this.literal(exp));
    const lines = [
      GUARDED.has(id)
        ? `if (h.blocked(baseRef, ${idKey})) { rt._throw(${site}.ast, ${site}.property, 'TypeError'); return undefined; }`
        : '',
      `const fn = baseRef${GUARDED.has(id) ? `[${idKey}]` : member(id)};`,
      `return h.invoke(rt, ${site}, baseRef, fn, [${args.join(', ')}]);`,
    ];
    return `${this.fn('call', 'rt, baseRef', lines.filter((l) => l !== '').join('\n'))}(rt, ${base})`;
  }
}

const posUnknown = { first_line: 'unknown', first_column: 'unknown' };

function methodSite(id: string, ast: Node, property: Node): MethodSite {
  // The handlers that could match this name, in their order; worked out again only for another list.
  let seen: readonly (MethodHandler | undefined)[] = [];
  let candidates: MethodHandler[] = [];
  return {
    id: intern(id),
    ast,
    property,
    askable(handlers) {
      if (handlers !== seen && !(handlers.length === seen.length && handlers.every((h, i) => h === seen[i]))) {
        candidates = handlers.filter((h): h is MethodHandler => !!h && mayMatch(h, id));
      }
      seen = handlers;
      return candidates;
    },
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
/** `isEnd`: the key is the last of a path being set (or a name set without a path). */
function isBlockedPrototypeKey(base: unknown, key: string, isEnd = false): boolean {
  if (key === '__proto__') return true;
  if (key === 'prototype' && typeof base === 'function') return true;
  return !isEnd && (key === 'constructor' || key === 'prototype') && !hasOwnProperty(base, key);
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

/**
 * Mapping templates compiled into JavaScript from velocityjs's public AST (`velocity.parse`): each
 * node becomes code that does what velocityjs 2.1.7's interpreter does for it (its
 * src/compile/*.ts: `renderAstList`, `getBlock`, `getBlockIf`, `getBlockEach`, `setValue`,
 * `getExpression`, `getLiteral`, `getReferences`, `getAttributes`, `getPropMethod`,
 * `getPropIndex`, `eval`), with what depends only on the node written into the code: the dispatch
 * on its type, names and the reference's text (which the interpreter rebuilds on every lookup),
 * constants, branch lists, and the method handlers a name could match. What depends on the render
 * stays a run-time step in the interpreter's order: scopes, method handlers, the `eval` helper
 * velocityjs writes onto objects, prototype guards, #break and #stop.
 *
 * The code runs on a state of its own (`Render`) and uses nothing of velocityjs but `parse` and
 * `Helper.getRefText`, both public. A template holding what it does not compile (#macro and macro
 * calls other than #stop, #define, #eval, a node it does not know) is not compiled:
 * renderTemplate.ts renders it with velocityjs's own `Compile`. Why compile at all: the REST shims
 * render two templates per request, and interpreting them was most of the shim layer's cost
 * (patches/README.md, "velocityjs"). test/unit/compiledTemplate.test.ts renders every shipped
 * template and a corpus of VTL both ways and requires the same text, overrides or error.
 */
import velocity from 'velocityjs';
import { boundedMemo } from '../../boundedMemo.js';
import { collectionMethods } from './collectionMethods.js';
import { javaStringMethods } from './javaStrings.js';
import { mayMatch, type MethodCall, type MethodHandler } from './methodHandler.js';
import { hasBlockedUnknownPrototypePath, hasOwnProperty, isBlockedPrototypeKey } from './prototypeGuard.js';

/* velocityjs's AST is a loose union of plain objects and arrays (a block is an array whose first
   element is its head); the compiler reads it as the interpreter does. */
type Node = any;

/** A template compiled: renders it with these variables (`$input`, `$util`, `$context`). */
export type CompiledTemplate = (variables: Record<string, unknown>) => string;
/** A list of nodes, rendered as the interpreter's `renderAstList(asts, contextId)` renders it. */
type CompiledList = (rt: Render, contextId?: unknown) => string;

/**
 * The method handlers a call asks, in velocityjs's order: the custom ones the shims give it (Java
 * strings: renderTemplate.ts gives the interpreter the same) before its own.
 */
const HANDLERS: readonly MethodHandler[] = [...javaStringMethods, ...collectionMethods];

/** Interpolated string literals and `eval` texts parsed, by their text; bounded, though templates hold few. */
const parseText = boundedMemo((text: string): Node[] => velocity.parse(text), 1000);

/** A node the compiler leaves to the interpreter: the whole template goes there. */
class Unsupported extends Error {}

/** Each list of nodes compiled once (null: not compilable). */
const compiledLists = new WeakMap<object, CompiledList | null>();

/** The template `asts` compiled, or undefined if it holds something only the interpreter renders. */
export function compileTemplate(asts: Node[]): CompiledTemplate | undefined {
  const list = compileList(asts);
  return list && ((variables) => list(new Render(variables)));
}

function compileList(asts: Node[]): CompiledList | undefined {
  let list = compiledLists.get(asts);
  if (list === undefined) {
    try {
      const unit = new Unit();
      const name = unit.list(asts);
      list = unit.link()[name] as CompiledList;
    } catch {
      // Unsupported, or a node the compiler cannot read (on which the interpreter fails as it does).
      list = null;
    }
    compiledLists.set(asts, list);
  }
  return list ?? undefined;
}

/** A text rendered at run time (a literal that did not parse when compiled, or `eval`'s): its parse throws as the interpreter's. */
function compiledText(text: string): { asts: Node[]; list: CompiledList } {
  const asts = parseText(text);
  const list = compileList(asts);
  if (!list) throw new Error(`VTL evaluated at run time may not hold #macro, #define or #eval here: ${text}`);
  return { asts, list };
}

/** One render's state: what the interpreter keeps on its instance. */
class Render {
  local: Record<string, Record<string, unknown>> = {};
  conditions: unknown[] = [];
  contextId: unknown = '';
  readonly runState = { stop: false, break: false };
  private scopes = 0;
  private evalHelper: ((...args: unknown[]) => string) | undefined;

  constructor(readonly context: Record<string, unknown>) {}

  /**
   * A scope name not used before in this render. velocityjs numbers its scopes from one counter
   * for the process; only their being distinct counts (and a `macro:` prefix, which these never have).
   */
  nextScopeId(kind: string): string {
    return `${kind}:${this.scopes++}`;
  }

  /** The helper velocityjs writes onto each object whose method a template calls: one function per render. */
  evalFor(): (...args: unknown[]) => string {
    return (this.evalHelper ??= (...args: unknown[]) =>
      args.length > 0 && typeof args[0] === 'string' ? this.eval(args[0], args[1], args[2]) : '');
  }

  // blocks.ts eval: the text in the current scope, or with `local` as a scope of its own.
  eval(text: string, local?: unknown, contextId?: unknown): string {
    const { asts, list } = compiledText(text);
    if (!local) return list(this, this.contextId);
    contextId ??= `eval:${this.scopes++}`;
    if (!asts.length) return '';
    this.local[contextId as string] = local as Record<string, unknown>;
    const ret = list(this, contextId);
    this.local[contextId as string] = {};
    this.conditions.shift();
    this.contextId = this.conditions[0] || '';
    return ret;
  }
}

/** A method call site: its name, its nodes, and the handlers that could match the name. */
interface MethodSite {
  id: string;
  ast: Node;
  candidates: readonly MethodHandler[];
}

/** What generated code calls: the run-time steps that are the same for every node. */
const helpers = {
  hasOwn: hasOwnProperty,
  blocked: isBlockedPrototypeKey,
  /** `str +=` of a reference's value, formatted as the interpreter formats it. */
  text: (value: unknown): unknown => (typeof value === 'string' ? value : format(value)),
  // references.ts getPropIndex, after the base was found not to be null.
  indexed(base: unknown, k: unknown): unknown {
    if (isBlockedPrototypeKey(base, String(k))) return undefined;
    return (base as Record<string, unknown>)[k as string];
  },
  // references.ts getPropMethod, from the handlers on: `fn` is the object's own member, read before
  // the arguments. (A call of what is not a function is velocityjs's `_throw`, which throws only
  // with `env: 'development'`, which the shims do not set.)
  invoke(rt: Render, site: MethodSite, baseRef: unknown, fn: unknown, params: unknown[]): unknown {
    if (site.candidates.length > 0) {
      const payload: MethodCall = { property: site.id, params, context: baseRef };
      for (const item of site.candidates) if (item.match(payload)) return item.resolve(payload);
    }
    const ret = fn as { call?: unknown; apply(self: unknown, args: unknown[]): unknown } | undefined;
    if (!ret || !ret.call) return undefined;
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
  // literal.ts getArray for a range.
  range(begin: number, end: number): number[] {
    if (Number.isNaN(begin) || Number.isNaN(end)) return [];
    const ret: number[] = [];
    if (begin < end) for (let i = begin; i <= end; i++) ret.push(i);
    else for (let i = begin; i >= end; i--) ret.push(i);
    return ret;
  },
  // blocks.ts getBlockEach: a fresh scope per loop, `$foreach` and `$velocityCount` per item, the
  // scope dropped afterwards only when the source had a length (so, as in the interpreter, not for a map).
  foreach(rt: Render, from: unknown, to: string, body: CompiledList): string {
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
  // literal.ts getString for a literal that did not parse when compiled: parsed (and failing) as the interpreter does.
  evalText(rt: Render, text: string): string {
    return compiledText(text).list(rt, rt.contextId);
  },
  // set.ts getContext: the innermost scope that holds the name, else the template's variables.
  scopeOf(rt: Render, id: string): Record<string, unknown> {
    for (const condition of rt.conditions) {
      const scope = rt.local[condition as string] as { hasOwnProperty(key: string): boolean };
      if (scope.hasOwnProperty(id)) return scope as Record<string, unknown>;
    }
    return rt.context;
  },
  // set.ts resolveSetPath, for a reference with a path.
  setPath(context: Record<string, unknown>, id: string, pathKeys: string[]): SetPath {
    if (isBlockedPrototypeKey(context, id, false)) return { blocked: true };
    let rootRef = context[id];
    let shouldSetRoot = false;
    if (typeof rootRef !== 'object') {
      rootRef = {};
      shouldSetRoot = true;
    }
    let baseRef = rootRef as Record<string, unknown> | null | undefined;
    for (let i = 0; i < pathKeys.length; i++) {
      if (baseRef === undefined || baseRef === null)
        return { blocked: hasBlockedUnknownPrototypePath(pathKeys, i), rootRef, shouldSetRoot };
      const key = pathKeys[i]!;
      const isEnd = pathKeys.length === i + 1;
      if (isBlockedPrototypeKey(baseRef, key, isEnd)) return { blocked: true };
      if (isEnd) return { blocked: false, rootRef, shouldSetRoot, baseRef, key };
      baseRef = baseRef[key] as Record<string, unknown> | null | undefined;
    }
    return { blocked: false, rootRef, shouldSetRoot };
  },
};

interface SetPath {
  blocked: boolean;
  rootRef?: unknown;
  shouldSetRoot?: boolean;
  baseRef?: Record<string, unknown>;
  key?: string;
}

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
  private count = 0;

  /** A constant (a node, a site, a number, a compiled list) as an expression. */
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
    return new Function('h', 'K', source)(helpers, this.constants) as Record<string, unknown>;
  }

  // base-compile.ts renderAstList: set the scope, then each node until #stop.
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
    return this.fn('list', 'rt, contextId', lines.join('\n'));
  }

  private item(ast: Node): string {
    if (typeof ast === 'string') return `str += ${JSON.stringify(ast)};`;
    if (ast === null || typeof ast !== 'object') throw new Unsupported();
    switch (ast.type) {
      case 'references':
        return `str += h.text(${this.reference(ast)}(rt, true));`;
      case 'set':
        return `${this.set(ast)}(rt);`;
      case 'break':
        return `rt.runState.break = true;`;
      case 'macro_call':
        return this.macroCall(ast);
      case 'comment':
        return '';
      case 'raw':
        return `str += ${JSON.stringify(ast.value)};`;
      default:
        if (!Array.isArray(ast)) throw new Unsupported();
        return `str += ${this.block(ast)}(rt) || '';`;
    }
  }

  // blocks.ts getMacro, for the render's own macros: `#stop` (its arguments evaluated, then the
  // render stops); a name neither defined nor a member of every object renders nothing, its
  // arguments unread. #macro, #eval and those members are the interpreter's.
  private macroCall(ast: Node): string {
    const id = String(ast.id);
    if (id === 'stop') {
      const args = ((ast.args || []) as Node[]).map((arg) => `${this.literal(arg)};`);
      return [...args, 'rt.runState.stop = true;'].join('\n');
    }
    if (id === 'eval' || id in {}) throw new Unsupported();
    return '';
  }

  // blocks.ts getBlock: the block's result ('' when it gives nothing, added by the caller).
  private block(block: Node[]): string {
    const head = block[0];
    if (head === null || typeof head !== 'object') throw new Unsupported();
    switch (head.type) {
      case 'if':
        return this.ifBlock(block);
      case 'foreach':
        return this.foreach(block);
      case 'macro':
      case 'define':
      case 'macro_body':
        throw new Unsupported();
      case 'noescape':
        return this.fn('block', 'rt', `return ${this.list(block.slice(1))}(rt);`);
      default:
        return this.fn('block', 'rt', `return ${this.list(block)}(rt);`);
    }
  }

  // blocks.ts getBlockIf: the first branch whose condition holds (or #else), rendered in the current scope.
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
    // The interpreter evaluates a copy of the source node carrying the block's position.
    const source = this.literal({ ...head.from, pos: head.pos });
    return this.fn('foreach', 'rt', `return h.foreach(rt, ${source}, ${JSON.stringify(head.to)}, ${body});`);
  }

  // set.ts setValue: the scope, the path's keys, the guard, the value, the guard again, the write.
  private set(ast: Node): string {
    const ref = ast.equal[0];
    const valueAst = ast.equal[1];
    // valueMapper: velocityjs's default, the identity (the shims set none).
    const value = valueAst.type === 'math' ? this.expression(valueAst) : this.literal(valueAst);
    const id = JSON.stringify(ref.id);
    const scope = [
      `let context = h.scopeOf(rt, ${id});`,
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
    // getPathKey: a property's name, an index's value as text, '' for anything else.
    const keys = (ref.path as Node[]).map((exp) =>
      exp.type === 'property' ? JSON.stringify(exp.id) : exp.type === 'index' && exp.id ? `String(${this.literal(exp.id)})` : `''`,
    );
    return this.fn(
      'set',
      'rt',
      [
        ...scope,
        `const pathKeys = [${keys.join(', ')}];`,
        `let setPath = h.setPath(context, ${id}, pathKeys);`,
        `if (setPath.blocked) return;`,
        `const val = ${value};`,
        `setPath = h.setPath(context, ${id}, pathKeys);`,
        `if (setPath.blocked) return;`,
        `if (setPath.shouldSetRoot) context[${id}] = setPath.rootRef;`,
        `if (setPath.key !== undefined) setPath.baseRef[setPath.key] = val;`,
      ].join('\n'),
    );
  }

  // expression.ts getExpression: an expression in JavaScript, each operand parenthesised.
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

  // literal.ts getLiteral (and getString, getArray).
  private literal(literal: Node): string {
    switch (literal.type) {
      case 'string': {
        const val: string = literal.value;
        if (!(literal.isEval && (val.indexOf('#') !== -1 || val.indexOf('$') !== -1))) return JSON.stringify(val);
        // A template of its own, rendered in the current scope: compiled with this one, so what it
        // holds decides for the whole template. One that does not parse fails when evaluated, as there.
        let asts: Node[];
        try {
          asts = parseText(val);
        } catch {
          return `h.evalText(rt, ${JSON.stringify(val)})`;
        }
        const list = compileList(asts);
        if (!list) throw new Unsupported();
        return `${this.k(list)}(rt, rt.contextId)`;
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
      case 'references':
        return `${this.reference(literal)}(rt)`;
      default:
        throw new Unsupported();
    }
  }

  /**
   * references.ts getReferences (with getLocal inlined), for one reference node. (Its `prue` step,
   * a #define's body or HTML escaping, does nothing here: no #define is compiled, and API Gateway
   * escapes nothing.)
   */
  private reference(ast: Node): string {
    const id = ast.id as string;
    const idKey = JSON.stringify(id);
    // getRefText depends on the node alone; the interpreter rebuilds it on every lookup.
    const text = JSON.stringify(velocity.Helper.getRefText(ast));
    const lines = [
      `const isSilent = ${ast.leader === '$!'};`,
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
    for (const property of Array.isArray(ast.path) ? (ast.path as Node[]) : []) lines.push(this.attribute(property, ast));
    lines.push(`if (isVal && ret === undefined) ret = isSilent ? '' : ${text};`, `return ret;`);
    return this.fn('ref', 'rt, isVal', lines.filter((l) => l !== '').join('\n'));
  }

  // references.ts getAttributes: a statement that replaces `ret` with the property's value.
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

  // references.ts getPropMethod: the guard, the member read, the arguments, then handlers or the member itself.
  private method(property: Node, ast: Node, base: string): string {
    const id = property.id as string;
    const idKey = JSON.stringify(id);
    const site = this.k(methodSite(id, ast));
    const args = ((property.args || []) as Node[]).map((exp) => this.literal(exp));
    const lines = [
      GUARDED.has(id) ? `if (h.blocked(baseRef, ${idKey})) return undefined;` : '',
      `const fn = baseRef${GUARDED.has(id) ? `[${idKey}]` : member(id)};`,
      `return h.invoke(rt, ${site}, baseRef, fn, [${args.join(', ')}]);`,
    ];
    return `${this.fn('call', 'rt, baseRef', lines.filter((l) => l !== '').join('\n'))}(rt, ${base})`;
  }
}

const posUnknown = { first_line: 'unknown', first_column: 'unknown' };

function methodSite(id: string, ast: Node): MethodSite {
  return { id: intern(id), ast, candidates: HANDLERS.filter((handler) => mayMatch(handler, id)) };
}

/**
 * The same text as an internalized string (V8 keeps one copy of each property name): the parser's
 * names are slices of the template, which every property lookup would otherwise hash and search for.
 */
function intern(text: string): string {
  return Object.keys({ [text]: 0 })[0]!;
}

// utils.ts format: how a reference's value is written into the output.
function format(value: unknown): unknown {
  if (Array.isArray(value)) return '[' + value.map((v) => format(v)).join(', ') + ']';
  if (typeof value === 'object' && value !== null) {
    if ((value as { toString: () => string }).toString.toString().indexOf('[native code]') === -1) return value;
    const kvJoin = (k: string) => `${k}=${format((value as Record<string, unknown>)[k]) as string}`;
    return '{' + Object.keys(value).map(kvJoin).join(', ') + '}';
  }
  return value;
}

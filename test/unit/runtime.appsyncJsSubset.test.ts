/**
 * The local runtime offers exactly APPSYNC_JS: the built-ins documented on "Supported runtime
 * features" (https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html) and no
 * other, and it refuses at load the syntax AWS's eslint plugin refuses, at the source's line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import vm from 'node:vm';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import appsyncPlugin from '@aws-appsync/eslint-plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { bundlePathOf, RESOLVER_BUILD_OPTIONS } from '../../definitions/resolverBundles.js';
import { listResolvers } from '../../definitions/resolverWiring.js';
import { DOCUMENTED_GLOBALS, DOCUMENTED_MEMBERS, restrictToAppSyncJs } from '../../local/engine/runtime/appsyncJsSubset.js';
import { BASE_RULE_FILES } from '../../local/engine/runtime/appsyncJsSyntaxCheck.js';
import { loadResolverFile, loadResolverSource, UnsupportedSyntaxError } from '../../local/engine/runtime/loadResolver.js';

const load = (body: string) =>
  loadResolverSource(`import { util } from '@aws-appsync/utils';\nimport * as ddb from '@aws-appsync/utils/dynamodb';\n${body}`, 'test');
/** What `request` returns, or what it throws. */
const run = (body: string, ctx: unknown = {}) => load(`export function request(ctx) { ${body} }`).call('request', ctx);
/** What `request` throws: errors of the resolver's realm are not `instanceof` the host's classes. */
const thrownBy = (body: string, ctx: unknown = {}): { name: string; message: string } => {
  try {
    run(body, ctx);
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error(`did not throw: ${body}`);
};

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

describe('the realm: only the documented built-ins', () => {
  it('has the documented globals and none of the others', () => {
    const present = run(`return [${DOCUMENTED_GLOBALS.map((g) => `typeof ${g}`).join(', ')}];`);
    expect(present).toMatchObject({
      kind: 'value',
      value: [
        'number',
        'number',
        'undefined',
        'function',
        'function',
        'function',
        'object',
        'function',
        'object',
        'object',
        'object',
        'object',
        'object',
      ],
    });
    const absent = [
      'Promise',
      'Proxy',
      'Reflect',
      'Symbol',
      'Map',
      'Set',
      'WeakMap',
      'WeakSet',
      'WeakRef',
      'RegExp',
      'Date',
      'Intl',
      'eval',
      'Function',
      'BigInt',
      'Boolean',
      'Error',
      'TypeError',
      'ArrayBuffer',
      'Uint8Array',
      'DataView',
      'Atomics',
      'WebAssembly',
      'parseInt',
      'parseFloat',
      'isNaN',
      'isFinite',
      'encodeURIComponent',
      'decodeURIComponent',
      'escape',
      'globalThis',
      'setTimeout',
      'queueMicrotask',
      'structuredClone',
      'process',
      'require',
      'Buffer',
      'fetch',
    ];
    const types = run(`return [${absent.map((g) => `typeof ${g}`).join(', ')}];`);
    expect(types).toMatchObject({ kind: 'value', value: absent.map(() => 'undefined') });
  });

  it('keeps exactly the documented members of Object, String, Number, Math, Array, JSON and Function.prototype', () => {
    const context = vm.createContext({});
    restrictToAppSyncJs(context);
    const structural = ['prototype', 'length', 'name', 'constructor'];
    for (const [path, documented] of Object.entries(DOCUMENTED_MEMBERS)) {
      const target = (
        path === 'Function.prototype' ? Object.getPrototypeOf(vm.runInContext('(() => 1)', context)) : vm.runInContext(path, context)
      ) as Record<string, unknown>;
      const own = Object.getOwnPropertyNames(target).filter((k) => !structural.includes(k) || documented.includes(k));
      // Number.EPSILON, Math.PI...: constants JavaScript makes non-deletable; no function stays.
      const fixed = own.filter((k) => !documented.includes(k) && !Object.getOwnPropertyDescriptor(target, k)!.configurable);
      for (const k of fixed) expect(typeof target[k], `${path}.${k}`).not.toBe('function');
      expect(own.filter((k) => !fixed.includes(k)).sort(), path).toEqual([...documented].sort());
    }
    // The page lists these, and they are there.
    expect(
      vm.runInContext(
        '[typeof Object.hasOwn, typeof String.raw, typeof "".replaceAll, typeof [].findLast, typeof Number.isNaN, typeof Math.random]',
        context,
      ),
    ).toEqual(vm.runInContext('["function", "function", "function", "function", "function", "function"]', context));
  });

  it('fails at call time, as a TypeError, on an undocumented method of a documented object', () => {
    const calls = [
      '"abc".includes("a")',
      '"abc".padStart(5)',
      '"a-b".matchAll("-")',
      '"abc".charCodeAt(0)',
      '"abc".at(0)',
      '[1, 2].includes(1)',
      '[1, 2].at(0)',
      'Array.isArray([])',
      'Array.from("ab")',
      'Math.abs(-1)',
      'Math.trunc(1.5)',
      '(1.5).toFixed(1)',
      'Object.freeze({})',
      'Object.fromEntries([])',
      '({}).hasOwnProperty("a")',
      'JSON.stringify.call(null, 1)',
      'Number.parseInt("1")',
    ];
    for (const call of calls) {
      expect(thrownBy(`return ${call};`), call).toMatchObject({ name: 'TypeError', message: expect.stringMatching(/is not a function/) });
    }
  });

  it('fails at call time, as a ReferenceError, on an undocumented global', () => {
    expect(thrownBy('return Date.now();')).toEqual({ name: 'ReferenceError', message: 'Date is not defined' });
    expect(thrownBy('return parseInt("12");')).toEqual({ name: 'ReferenceError', message: 'parseInt is not defined' });
    expect(thrownBy('return new Map();')).toEqual({ name: 'ReferenceError', message: 'Map is not defined' });
  });

  it('cannot iterate a string (undocumented), but for-of and spread over arrays work', () => {
    expect(() => run('const out = []; for (const c of "ab") { out.push(c); } return out;')).toThrow(/not iterable/);
    expect(run('const out = []; for (const c of "ab".split("")) { out.push(c); } return [...out, ...[1]];')).toMatchObject({
      value: ['a', 'b', 1],
    });
  });

  it('behaves as the page documents: JSON.parse of bad text is a blank string, sort takes no arguments', () => {
    expect(run('return [JSON.parse("{not json"), JSON.parse("{\\"a\\":[1]}")];')).toMatchObject({ value: ['', { a: [1] }] });
    expect(run('return ["b", "c", "a"].sort();')).toMatchObject({ value: ['a', 'b', 'c'] });
    expect(() => run('return [1, 2].sort((a, b) => b - a);')).toThrow(/sort\(\) does not support arguments/);
  });

  it('gives the resolver ctx values built on its own restricted built-ins, and keeps what it writes there', () => {
    const ctx = { args: { ids: ['a', 'b'] }, stash: {} };
    expect(thrownBy('return ctx.args.ids.includes("a");', ctx)).toEqual({
      name: 'TypeError',
      message: 'ctx.args.ids.includes is not a function',
    });
    expect(run('return ctx.args.ids.map((id) => id.toUpperCase()).join(",");', ctx)).toMatchObject({ value: 'A,B' });
  });

  it('still runs the @aws-appsync/utils helpers (host code) on values the resolver made', () => {
    const out = run(
      `
      const values = util.dynamodb.toMapValues({ id: ctx.args.id, tags: ["x", "y"], n: 2 });
      const put = ddb.put({ key: { id: ctx.args.id }, item: { n: 1 }, condition: { id: { attributeExists: false } } });
      return { values, operation: put.operation, keys: Object.keys(put.key), id: util.autoId().length, now: typeof util.time.nowEpochMilliSeconds() };`,
      { args: { id: 'a1' } },
    );
    expect(out).toMatchObject({
      kind: 'value',
      value: {
        values: { id: { S: 'a1' }, tags: { L: [{ S: 'x' }, { S: 'y' }] }, n: { N: 2 } },
        operation: 'PutItem',
        keys: ['id'],
        id: 36,
        now: 'number',
      },
    });
    // What the handler returns reaches the host as host objects, so any host code can use it.
    expect(
      out.kind === 'value' && Array.isArray((out.value as { keys: unknown }).keys) && (out.value as { keys: string[] }).keys.includes('id'),
    ).toBe(true);
  });
});

describe('the syntax AppSync refuses: refused when the bundle loads', () => {
  it("runs exactly the plugin's base rules", () => {
    const base = (appsyncPlugin.configs as unknown as Record<string, { rules: Record<string, unknown> }>).base!;
    expect(
      Object.keys(BASE_RULE_FILES)
        .map((id) => `@aws-appsync/${id}`)
        .sort(),
    ).toEqual(Object.keys(base.rules).sort());
  });

  const refused: [string, string, RegExp][] = [
    ['try { return 1; } catch (e) { return 2; }', 'no-try', /does not support 'try' statements/],
    ['let i = 0; while (i < 2) { i += 1; } return i;', 'no-while', /'while' and 'do...while' loops/],
    ['let i = 0; do { i += 1; } while (i < 2); return i;', 'no-while', /'while' and 'do...while' loops/],
    ['let i = 0; i++; return i;', 'no-disallowed-unary-operators', /the '\+\+' operator/],
    ['let i = 0; i--; return i;', 'no-disallowed-unary-operators', /the '--' operator/],
    ['return ~1;', 'no-disallowed-unary-operators', /the '~' operator/],
    ['class A {} return 1;', 'no-classes', /classes/],
    ['const C = class {}; return 1;', 'no-class-expressions', /classes/],
    ['return import("node:fs");', 'no-dynamic-import', /dynamic 'import\(\)'/],
    // The supported-features page lists `throw` among the statements APPSYNC_JS does not support.
    ['if (ctx.args) { throw new Error("no"); } return 1;', 'no-throw', /'throw' statements \(use util\.error\)/],
    ['const f = async () => 1; return 1;', 'no-async', /'async' functions/],
    ['return /a+/.source;', 'no-regex', /regular expression literals/],
    ['outer: for (const a of [1]) { break outer; } return 1;', 'no-labels', /labeled statements/],
    ['for (let i = 0; i < 1; i += 1) { } return 1;', 'no-for', /'for \(;;\)' loops/],
    ['for (const a of [1]) { if (a) { continue; } } return 1;', 'no-continue', /'continue' statements/],
    ['return "a" in ctx;', 'no-in-operator', /the 'in' operator/],
    ['return ctx instanceof Object;', 'no-disallowed-binary-operators', /the 'instanceof' operator/],
    ['return new Promise(() => 1);', 'no-promise', /Promise/],
    ['ctx.args = {}; return 1;', 'no-disallowed-re-assignment', /ctx is readonly/],
    ['return this;', 'no-this', /'this'/],
  ];
  for (const [code, rule, sentence] of refused) {
    it(`refuses ${rule}: ${code}`, () => {
      let thrown: unknown;
      try {
        load(`export function request(ctx) {\n  ${code}\n}`);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UnsupportedSyntaxError);
      const problem = (thrown as UnsupportedSyntaxError).problems[0]!;
      const plugin = ['no-class-expressions', 'no-dynamic-import', 'no-throw'].includes(rule) ? 'appsync-local' : '@aws-appsync';
      expect(problem).toMatchObject({ file: 'test', line: 4, rule: `${plugin}/${rule}` });
      expect(problem.message).toMatch(sentence);
      expect((thrown as Error).message).toMatch(new RegExp(`^test:4:\\d+: APPSYNC_JS `));
    });
  }

  it('is not switched off by an eslint-disable comment kept in the bundle', () => {
    expect(() =>
      load(
        'export function request() {\n  // eslint-disable-next-line @aws-appsync/no-try\n  try { return 1; } catch (e) { return 2; }\n}',
      ),
    ).toThrow(UnsupportedSyntaxError);
  });

  it("names the resolver's source file and line through the bundle's source map, helpers included", () => {
    const dir = tempDir('appsync-js-map-');
    mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
    writeFileSync(
      join(dir, 'src', 'lib', 'count.ts'),
      'export function count(n: number): number {\n  let m = n;\n  m++;\n  return m;\n}\n',
    );
    writeFileSync(
      join(dir, 'src', 'Query.broken.ts'),
      "import { count } from './lib/count';\n\nexport function request(ctx: { args: { n: number } }) {\n  try {\n    return { n: count(ctx.args.n) };\n  } catch (e) {\n    return {};\n  }\n}\nexport function response(ctx: { result: unknown }) {\n  return ctx.result;\n}\n",
    );
    buildSync({
      ...RESOLVER_BUILD_OPTIONS,
      absWorkingDir: dir,
      entryPoints: { 'Query.broken': join(dir, 'src', 'Query.broken.ts') },
      outdir: join(dir, 'out'),
    });
    const at = (file: string) => relative(projectRoot, join(dir, 'src', file));
    expect(() => loadResolverFile(join(dir, 'out', 'Query.broken.js'), 'Query.broken')).toThrow(
      `${at('lib/count.ts')}:3:3: APPSYNC_JS does not support the '++' operator (@aws-appsync/no-disallowed-unary-operators)\n` +
        `${at('Query.broken.ts')}:4:3: APPSYNC_JS does not support 'try' statements (@aws-appsync/no-try)`,
    );
  });
});

describe('the real resolvers', () => {
  it('every resolver in resolvers/ loads (the bundles the stack deploys)', () => {
    const wiring = listResolvers();
    expect(wiring.length).toBeGreaterThan(0);
    for (const w of wiring) expect(loadResolverFile(bundlePathOf(w.name), w.name).name).toBe(w.name);
  });

  it('idProblem, bundled and run in the restricted realm, counts and refuses exactly as the code-point rule', () => {
    const bundled = buildSync({
      ...RESOLVER_BUILD_OPTIONS,
      write: false,
      stdin: {
        contents:
          "import { idProblem } from './lib/validation';\nexport function request(ctx) { return { problem: idProblem('f', ctx.args.v) }; }\n",
        resolveDir: join(projectRoot, 'resolvers'),
        sourcefile: 'probe.ts',
        loader: 'ts',
      },
    }).outputFiles![0]!.text;
    const probe = loadResolverSource(bundled, 'probe');
    // The rule as the contract words it, over code points (for-of is fine here, in the host).
    const reference = (v: string): string | null => {
      let chars = 0;
      for (const ch of v) {
        chars += 1;
        if (ch === '#') return "f must not contain '#'";
        if (ch < ' ' || (ch >= '\u007f' && ch <= '\u009f')) return 'f must not contain control characters';
        if (ch.length === 1 && ch >= '\ud800' && ch <= '\udfff') return 'f must be valid Unicode (it has a lone surrogate)';
      }
      if (chars < 1) return 'f must not be empty (1–100 characters)';
      if (chars > 100) return `f must be at most 100 characters (got ${chars})`;
      return null;
    };
    const unit = fc.oneof(
      fc.constantFrom(0x23, 0x1f, 0x7f, 0x9f, 0xa0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x61),
      fc.integer({ min: 0, max: 0xffff }),
    );
    const pair = fc.integer({ min: 0x10000, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp));
    const text = fc
      .array(
        fc.oneof(
          unit.map((u) => String.fromCharCode(u)),
          pair,
          fc.constant('a'),
        ),
        { maxLength: 110 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (v) => {
        const out = probe.call('request', { args: { v } });
        expect(out).toMatchObject({ kind: 'value', value: { problem: reference(v) } });
      }),
      { numRuns: 400 },
    );
    for (const v of ['😀'.repeat(100), '😀'.repeat(101), 'a\ud800', '\udc00a', '\ud800#', '#\ud800']) {
      expect(probe.call('request', { args: { v } })).toMatchObject({ value: { problem: reference(v) } });
    }
  });
});

describe('npm start with a resolver AppSync would refuse', () => {
  it('exits non-zero printing the source file, line and rule, without a stack trace', () => {
    // A copy of the project with one broken resolver (and its broken helper), run as `npm start` runs it.
    const copy = tempDir('appsync-js-start-');
    for (const entry of ['local', 'definitions', 'resolvers', 'schema.graphql', 'package.json', 'tsconfig.json']) {
      cpSync(join(projectRoot, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(projectRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
    writeFileSync(
      join(copy, 'resolvers', 'lib', 'broken.ts'),
      'export function next(n: number): number {\n  let m = n;\n  m++;\n  return m;\n}\n',
    );
    writeFileSync(
      join(copy, 'resolvers', 'Mutation.createOrder.ts'),
      "import { util } from '@aws-appsync/utils';\nimport { next } from './lib/broken';\n\nexport function request(ctx: { args: { input: { grand_total: number } } }) {\n  let total = ctx.args.input.grand_total;\n  while (total > 10) {\n    total = next(total) - 2;\n  }\n  return util.error(`total ${total}`);\n}\n\nexport function response(ctx: { result: unknown }) {\n  return ctx.result;\n}\n",
    );
    const started = spawnSync(process.execPath, ['--import', 'tsx', join(copy, 'local', 'main.ts')], {
      cwd: copy,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(copy, '.data'), API_KEY: 'test-key', RESOLVER_LOGS: 'off' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(started.status, started.stderr).not.toBe(0);
    expect(started.stdout).not.toMatch(/Orders API ready/);
    expect(started.stderr.trim()).toBe(
      "resolvers/lib/broken.ts:3:3: APPSYNC_JS does not support the '++' operator (@aws-appsync/no-disallowed-unary-operators)\n" +
        "resolvers/Mutation.createOrder.ts:6:3: APPSYNC_JS does not support 'while' and 'do...while' loops (@aws-appsync/no-while)",
    );
  });
});

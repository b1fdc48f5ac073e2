/**
 * Each handler call of a resolver the server runs is bounded (local/engine/runtime/callDeadline.ts,
 * issue 24 defect 4): every loop and function body gets a tick; past the call's deadline or tick
 * ceiling the call ends with AppSync's `ExecutionTimeout` "Execution timed out.", and the
 * resolver's next call runs normally. The shipped resolvers answer the same with the ticks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { listResolvers } from '../../definitions/resolverWiring.js';
import { RESOLVER_CALL_LIMITS, TICK, withTicks } from '../../local/engine/runtime/callDeadline.js';
import { esmToFunction } from '../../local/engine/runtime/esmToFunction.js';
import { loadResolverSource, type HandlerOutcome } from '../../local/engine/runtime/loadResolver.js';

const ctx = (args: Record<string, unknown>) => ({
  arguments: args,
  args,
  identity: null,
  source: null,
  info: { fieldName: 'f', parentTypeName: 'Query', variables: {}, selectionSetList: [], selectionSetGraphQL: '' },
  request: { headers: {} },
  stash: {},
  prev: null,
  env: {},
});

const resolver = (body: string, limits = { timeoutMs: 200, maxTicks: 1_000_000 }) =>
  loadResolverSource(
    `import { util } from '@aws-appsync/utils';\nexport function request(ctx) {\n${body}\n}\nexport function response(ctx) { return ctx.result; }\n`,
    'probe',
    { callLimits: limits, onLog: () => {} },
  );

/** An outcome as text, with what differs between two calls anyway (the clock, util.autoId) masked. */
const comparable = (outcome: HandlerOutcome): string =>
  JSON.stringify({ ...outcome, state: undefined })
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
    .replace(/\b\d{13}\b/g, '<epoch ms>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');

const timedOut = (outcome: HandlerOutcome) =>
  outcome.kind === 'error' ? { type: outcome.error.errorType, message: outcome.error.message } : outcome.kind;

describe('withTicks', () => {
  it('puts a tick at the start of every loop body and function body, and keeps every line', () => {
    const source = [
      '(function () {',
      '  for (const a of b) c(a);',
      '  for (const k in o) { d(k); }',
      '  for (let i = 0; i < 3; i += 1) e(i);',
      '  while (x) y();',
      '  do { z(); } while (w);',
      '  function named() { return 1; }',
      '  const arrow = (v) => v + 1;',
      '  const obj = ({ a: 1 });',
      '  const block = (v) => { return v; };',
      '  const method = { m() { return 2; } };',
      '  const object = () => ({ a: 1 })',
      '  for (const a of b) for (const c of d) g = () => c',
      '})',
    ].join('\n');
    const ticked = withTicks(source);
    expect(ticked.split('\n')).toHaveLength(source.split('\n').length);
    const lines = ticked.split('\n');
    const ticksOn = (line: number) => lines[line]!.split(`${TICK}()`).length - 1;
    expect(ticksOn(0)).toBe(1); // the outer function
    expect([1, 2, 3, 4, 5, 6, 7, 9, 10, 11].map(ticksOn)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(ticksOn(8)).toBe(0); // no loop, no function
    expect(ticksOn(12)).toBe(3); // two loops and an arrow, closed in order
    expect(lines[12]).toBe(`  for (const a of b) {${TICK}();for (const c of d) {${TICK}();g = () => (${TICK}(), c)}}`);
    // Still a program: it parses and runs.
    expect(() => new Function(`return ${ticked}`)).not.toThrow();
  });

  it('the shipped resolvers answer exactly the same with ticks as without', () => {
    for (const w of listResolvers()) {
      const code = readFileSync(bundlePathOf(w.name), 'utf8');
      const plain = loadResolverSource(code, w.name, { onLog: () => {} });
      const bounded = loadResolverSource(code, w.name, { onLog: () => {}, callLimits: RESOLVER_CALL_LIMITS });
      const args = {
        store_id: 's1',
        user_id: 'u1',
        order_id: 'o1',
        grand_total: 3,
        limit: 2,
        input: { store_id: 's1', user_id: 'u1', order_id: 'o1', grand_total: 3 },
      };
      for (const handler of plain.exportedHandlers as ('request' | 'response')[]) {
        const c = {
          ...ctx(args),
          result: { items: [{ store_id: 's1', order_id: 'o1', user_id: 'u1', grand_total: 3, timestamp: 'u1#1544092158240' }] },
        };
        const a = plain.call(handler, structuredClone(c));
        const b = bounded.call(handler, structuredClone(c));
        expect(comparable(b), `${w.name}.${handler}`).toBe(comparable(a));
      }
      expect(esmToFunction(code).split('\n')).toHaveLength(withTicks(esmToFunction(code)).split('\n').length);
    }
  });
});

describe('a handler call past its bound', () => {
  it('an array grown inside its own loop: ExecutionTimeout at the tick ceiling, not a V8 abort', () => {
    const r = resolver('const a = [1];\nfor (const x of a) { a.push(x); }\nreturn {};', { timeoutMs: 60_000, maxTicks: 1_000_000 });
    const started = performance.now();
    expect(timedOut(r.call('request', ctx({})))).toEqual({ type: 'ExecutionTimeout', message: 'Execution timed out.' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('long work in callbacks: ExecutionTimeout at the deadline', () => {
    // 20,000 × 20,000 callback calls: seconds of work on any machine, far past 200 ms.
    const r = resolver(
      'const row = new Array(20000).fill(1);\nlet total = 0;\nrow.forEach(() => { row.forEach((v) => { total = total + v * 2; }); });\nreturn { total };',
      { timeoutMs: 200, maxTicks: Number.MAX_SAFE_INTEGER },
    );
    const started = performance.now();
    expect(timedOut(r.call('request', ctx({})))).toEqual({ type: 'ExecutionTimeout', message: 'Execution timed out.' });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(200);
    expect(took).toBeLessThan(3_000);
  });

  it("each call gets its own bound: the resolver's next call runs normally", () => {
    const r = resolver(
      'const n = ctx.args.n;\nconst a = [1];\nfor (const x of a) { if (a.length < n) { a.push(x); } }\nreturn { length: a.length };',
      {
        timeoutMs: 60_000,
        maxTicks: 100_000,
      },
    );
    expect(timedOut(r.call('request', ctx({ n: 10_000_000 })))).toEqual({ type: 'ExecutionTimeout', message: 'Execution timed out.' });
    for (let i = 0; i < 3; i += 1) {
      const ok = r.call('request', ctx({ n: 90_000 }));
      expect(ok.kind).toBe('value');
      expect((ok as { value: unknown }).value).toEqual({ length: 90_000 });
    }
  });
});

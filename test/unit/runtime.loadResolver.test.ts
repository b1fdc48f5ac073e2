/** The vm loader: AppSync's unwinding rules, a context that exposes nothing of Node, AppSync's syntax rules at load. */
import { describe, expect, it } from 'vitest';
import { loadResolverSource } from '../../local/engine/runtime/loadResolver.js';

const load = (body: string) => loadResolverSource(`import { util, runtime } from '@aws-appsync/utils';\n${body}`, 'test');

describe('loadResolverSource', () => {
  it('returns what a handler returns', () => {
    const r = load(
      'export function request(ctx) { return { operation: "GetItem", key: util.dynamodb.toMapValues({ id: ctx.args.id }) }; }',
    );
    const out = r.call('request', { args: { id: 'a' } });
    expect(out.kind).toBe('value');
    expect(JSON.parse(JSON.stringify(out.kind === 'value' && out.value))).toEqual({ operation: 'GetItem', key: { id: { S: 'a' } } });
  });

  it('turns util.error into an error outcome with type, data and info', () => {
    const r = load('export function request() { util.error("bad", "ValidationError", { a: 1 }, { b: 2 }); return {}; }');
    const out = r.call('request', {});
    expect(out.kind).toBe('error');
    if (out.kind !== 'error') return;
    expect(out.error.message).toBe('bad');
    expect(out.error.errorType).toBe('ValidationError');
    expect(out.error.data).toEqual({ a: 1 });
    expect(out.error.errorInfo).toEqual({ b: 2 });
  });

  it('collects util.appendError without aborting, fresh for each call', () => {
    const r = load('export function response(ctx) { util.appendError("careful", "Warn"); return ctx.result; }');
    const first = r.call('response', { result: 7 });
    expect(first).toMatchObject({ kind: 'value', value: 7 });
    expect(first.state.appendedErrors).toEqual([{ message: 'careful', errorType: 'Warn', data: null, errorInfo: null }]);
    expect(r.call('response', { result: 8 }).state.appendedErrors).toHaveLength(1);
  });

  it('does not raise ctx.error by itself', () => {
    const r = load('export function response(ctx) { return { seen: ctx.error.type }; }');
    expect(r.call('response', { error: { message: 'x', type: 'DynamoDB:Oops' } })).toMatchObject({
      kind: 'value',
      value: { seen: 'DynamoDB:Oops' },
    });
  });

  it('stops at runtime.earlyReturn with its value', () => {
    const r = load('export function request() { runtime.earlyReturn({ cached: true }); return { never: true }; }');
    expect(r.call('request', {})).toMatchObject({ kind: 'earlyReturn', value: { cached: true } });
  });

  it('exposes nothing of Node: no process, require, fetch, globalThis, eval or Function', () => {
    const r = load(
      'export function request() { return { process: typeof process, require: typeof require, globalThis: typeof globalThis, fetch: typeof fetch, eval: typeof eval, Function: typeof Function }; }',
    );
    const all = {
      process: 'undefined',
      require: 'undefined',
      globalThis: 'undefined',
      fetch: 'undefined',
      eval: 'undefined',
      Function: 'undefined',
    };
    expect(r.call('request', {})).toMatchObject({ kind: 'value', value: all });
    expect(() => load('export function request() { return eval("1 + 1"); }').call('request', {})).toThrow(/eval is not defined/);
    // The Function constructor is out of reach through a function's constructor too.
    expect(load('export function request() { const f = () => 1; return f.constructor === Object; }').call('request', {})).toMatchObject({
      value: true,
    });
  });

  it('keeps what a resolver writes to ctx (stash) from request to response of the same ctx', () => {
    const r = load(
      'export function request(ctx) { ctx.stash.seen = ctx.args.id; return {}; }\nexport function response(ctx) { return { seen: ctx.stash.seen, result: ctx.result }; }',
    );
    const ctx: Record<string, unknown> = { args: { id: 'a' }, stash: {} };
    r.call('request', ctx);
    ctx.result = { n: 1 };
    expect(r.call('response', ctx)).toMatchObject({ kind: 'value', value: { seen: 'a', result: { n: 1 } } });
    // The caller's stash object has what the handlers wrote (EvaluateCode reports it).
    expect(ctx.stash).toEqual({ seen: 'a' });
  });

  it('refuses syntax AppSync refuses when loading, at its line and column', () => {
    expect(() => load('export function request(ctx) {\n  let n = 0;\n  n++;\n  return { n };\n}')).toThrow(
      "test:4:3: APPSYNC_JS does not support the '++' operator (@aws-appsync/no-disallowed-unary-operators)",
    );
  });

  it('refuses imports AppSync does not provide', () => {
    expect(() => loadResolverSource('import fs from "node:fs"; export function request() { return fs; }', 'bad')).toThrow(
      /cannot import 'node:fs'/,
    );
  });
});

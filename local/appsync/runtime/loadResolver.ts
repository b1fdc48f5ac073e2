/**
 * Loads one APPSYNC_JS bundle (the very file CDK deploys) into its own node:vm context, once.
 * The bundle is ESM importing `@aws-appsync/utils[/dynamodb]`; esbuild rewrites only its module
 * syntax to CommonJS so a plain vm.Script can run it with our `require` supplying the runtime.
 * The context exposes JavaScript's built-ins and `console`, nothing of Node; eval is disabled.
 */
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { EarlyReturn, ResolverError, newInvocationState, type InvocationState } from './errors.js';
import { createUtil } from './util.js';
import { createExtensions, createRuntime } from './runtimeAndExtensions.js';
import { createDynamoDBHelpers } from './dynamodbHelpers.js';

export type Handler = (ctx: unknown) => unknown;

/** What one handler call ended with: a value, an early return, or a `util.error`. */
export type HandlerOutcome =
  | { kind: 'value'; value: unknown; state: InvocationState }
  | { kind: 'earlyReturn'; value: unknown; state: InvocationState }
  | { kind: 'error'; error: ResolverError; state: InvocationState };

export interface LoadedResolver {
  name: string;
  /** Runs `request` or `response` with AppSync's unwinding rules. Anything else thrown is a bug and propagates. */
  call(handler: 'request' | 'response', ctx: unknown): HandlerOutcome;
}

export function loadResolverFile(path: string, name = path): LoadedResolver {
  return loadResolverSource(readFileSync(path, 'utf8'), name);
}

export function loadResolverSource(source: string, name: string): LoadedResolver {
  // One state object per loaded resolver, reset before each call: handlers are synchronous,
  // so no two calls of the same resolver can interleave.
  const state: InvocationState = newInvocationState();
  const util = createUtil(state);
  const modules: Record<string, unknown> = {
    '@aws-appsync/utils': { util, runtime: createRuntime(), extensions: createExtensions(state) },
    '@aws-appsync/utils/dynamodb': createDynamoDBHelpers(util),
  };
  const cjs = transformSync(source, { format: 'cjs', loader: 'js', sourcemap: 'inline', sourcefile: name }).code;
  const context = vm.createContext(
    { console: resolverConsole(name) },
    { name: `appsync:${name}`, codeGeneration: { strings: false, wasm: false } },
  );
  const wrapper = new vm.Script(`(function (require, module, exports) {${cjs}\n})`, { filename: `${name}.js` });
  const module = { exports: {} as Record<string, unknown> };
  const requireModule = (id: string): unknown => {
    if (!(id in modules)) throw new Error(`${name}: APPSYNC_JS cannot import '${id}'`);
    return modules[id];
  };
  (wrapper.runInContext(context) as (r: unknown, m: unknown, e: unknown) => void)(requireModule, module, module.exports);
  const handlers = module.exports;

  return {
    name,
    call(handlerName, ctx) {
      const handler = handlers[handlerName];
      if (typeof handler !== 'function') throw new Error(`${name}: the bundle exports no ${handlerName}()`);
      state.appendedErrors = [];
      delete state.subscriptionFilter;
      delete state.subscriptionInvalidationFilter;
      delete state.invalidations;
      const snapshot = (): InvocationState => ({ ...state, appendedErrors: [...state.appendedErrors] });
      try {
        return { kind: 'value', value: (handler as Handler)(ctx), state: snapshot() };
      } catch (thrown) {
        if (thrown instanceof EarlyReturn) return { kind: 'earlyReturn', value: thrown.value, state: snapshot() };
        if (thrown instanceof ResolverError) return { kind: 'error', error: thrown, state: snapshot() };
        throw thrown;
      }
    },
  };
}

/** AppSync sends resolver logs to CloudWatch; locally they go to stderr, tagged with the resolver. */
function resolverConsole(name: string): Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'> {
  const write = (...args: unknown[]): void => {
    if (process.env.RESOLVER_LOGS !== 'off') console.error(`[${name}]`, ...args);
  };
  return { log: write, info: write, warn: write, error: write, debug: write };
}

/**
 * Runs one APPSYNC_JS bundle whose syntax was already checked (appsyncJsSyntaxCheck.ts) in its own
 * node:vm context, once. The realm is cut down to the documented built-ins (appsyncJsSubset.ts)
 * before any bundle code runs. The bundle's import/export statements become a function's
 * parameters and result (esmToFunction.ts); `@aws-appsync/utils[/dynamodb]` are the host's runtime
 * objects seen through a membrane (realmMembrane.ts) that copies every value into the realm that
 * receives it. Nothing of Node is reachable; eval and new Function are disabled.
 * Kept apart from the syntax check so that EvaluateCode's sandbox process (local/engine/sandbox/)
 * runs code without ESLint, which reads files that process may not read.
 */
import vm from 'node:vm';
import { EarlyReturn, ResolverError, beginInvocation, newInvocationState, type InvocationState } from './errors.js';
import { createUtil } from './util.js';
import { createExtensions, createRuntime } from './runtimeAndExtensions.js';
import { createDynamoDBHelpers } from './dynamodbHelpers.js';
import { collectingConsole, formatLogLine, type LogSink } from './consoleLogs.js';
import { restrictToAppSyncJs } from './appsyncJsSubset.js';
import { esmToFunction, HEADER_LINES } from './esmToFunction.js';
import { createMembrane } from './realmMembrane.js';
import { CallDeadline, withTicks, type CallLimits } from './callDeadline.js';

export type Handler = (ctx: unknown) => unknown;

/** What one handler call ended with: a value, an early return, or a `util.error`. */
export type HandlerOutcome =
  | { kind: 'value'; value: unknown; state: InvocationState }
  | { kind: 'earlyReturn'; value: unknown; state: InvocationState }
  | { kind: 'error'; error: ResolverError; state: InvocationState };

export interface LoadedResolver {
  name: string;
  /** The handlers the bundle exports as functions (a unit resolver needs `request` and `response`). */
  exportedHandlers: readonly string[];
  /**
   * Runs `request` or `response` with AppSync's unwinding rules. Anything else thrown is a bug and
   * propagates. `onLog`: where this call's console lines go (the field being observed), instead of
   * the load-time sink.
   */
  call(handler: 'request' | 'response', ctx: unknown, onLog?: LogSink): HandlerOutcome;
}

export interface LoadOptions {
  /** Where the resolver's console lines go (EvaluateCode's `logs`, the server's log); default stderr, tagged with the resolver. */
  onLog?: LogSink;
  /** Where the bundle is: its inline source map names the resolver sources relative to it. */
  bundlePath?: string;
  /**
   * Bounds each handler call (callDeadline.ts): the server's resolvers. EvaluateCode's sandbox
   * process has a deadline of its own and runs the code as written.
   */
  callLimits?: CallLimits;
}

export function instantiateResolver(source: string, name: string, options: LoadOptions = {}): LoadedResolver {
  // One state object per loaded resolver, reset before each call: handlers are synchronous,
  // so no two calls of the same resolver can interleave.
  const state: InvocationState = newInvocationState();
  const util = createUtil(state);
  const modules: Record<string, unknown> = {
    '@aws-appsync/utils': { util, runtime: createRuntime(), extensions: createExtensions(state) },
    '@aws-appsync/utils/dynamodb': createDynamoDBHelpers(util),
  };
  const deadline = options.callLimits ? new CallDeadline(options.callLimits) : undefined;
  const functionSource = esmToFunction(source);
  const script = new vm.Script(deadline ? withTicks(functionSource) : functionSource, {
    filename: `${name}.js`,
    lineOffset: -HEADER_LINES,
  });
  const context = vm.createContext({}, { name: `appsync:${name}`, codeGeneration: { strings: false, wasm: false } });
  const bundleFunction = script.runInContext(context) as (importModule: (id: string) => unknown) => Record<string, unknown>;
  // The script only defined the function so far: the realm is cut down before any bundle code runs.
  const tools = restrictToAppSyncJs(context);
  const membrane = createMembrane(tools);
  // Handlers are synchronous: a call's own sink, set for its duration, wins over the load-time one.
  const loadSink: LogSink = options.onLog ?? stderrSink(name);
  let callSink: LogSink | undefined;
  const hostConsole = collectingConsole((entry) => (callSink ?? loadSink)(entry), source, '', `${name}.js`);
  const vmModules: Record<string, Record<string, unknown>> = {
    '@aws-appsync/utils': membrane.namespace(modules['@aws-appsync/utils'] as object),
    '@aws-appsync/utils/dynamodb': membrane.namespace(modules['@aws-appsync/utils/dynamodb'] as object),
  };
  // The page's globals: util, extensions and runtime are there without an import too; console has log and error.
  const utils = vmModules['@aws-appsync/utils']!;
  const globals = {
    util: utils.util,
    extensions: utils.extensions,
    runtime: utils.runtime,
    console: membrane.namespace({ log: hostConsole.log, error: hostConsole.error }),
  };
  Object.assign(tools.global, globals);
  deadline?.install(context, tools.global, (check) => membrane.namespace({ check }).check);
  const importModule = (id: string): unknown => {
    if (!(id in vmModules)) throw new Error(`${name}: APPSYNC_JS cannot import '${id}'`);
    return vmModules[id];
  };
  const handlers = bundleFunction(importModule);
  const ctxs = new WeakMap<object, { inner: Record<string, unknown>; seen: Map<string, unknown> }>();
  /** The resolver's view of ctx, kept per ctx object: what it writes (stash...) is there in the next handler. */
  const vmCtx = (ctx: unknown): unknown => {
    if (typeof ctx !== 'object' || ctx === null) return membrane.toVm(ctx);
    let entry = ctxs.get(ctx);
    if (!entry) ctxs.set(ctx, (entry = { inner: tools.newObject(), seen: new Map() }));
    for (const [key, value] of Object.entries(ctx)) {
      if (entry.seen.has(key) && entry.seen.get(key) === value) continue;
      entry.seen.set(key, value);
      entry.inner[key] = membrane.toVm(value);
    }
    return entry.inner;
  };
  /** ctx.stash is the one thing handlers write for others to read: the host's stash object gets the resolver's writes. */
  const syncStash = (ctx: unknown): void => {
    const host = (ctx as { stash?: unknown } | null)?.stash;
    const inner = typeof ctx === 'object' && ctx !== null ? ctxs.get(ctx)?.inner.stash : undefined;
    if (typeof host !== 'object' || host === null || typeof inner !== 'object' || inner === null) return;
    const copy = membrane.toHost(inner) as Record<string, unknown>;
    for (const key of Object.keys(host)) if (!Object.hasOwn(copy, key)) delete (host as Record<string, unknown>)[key];
    Object.assign(host, copy);
  };

  return {
    name,
    exportedHandlers: ['request', 'response'].filter((h) => typeof handlers[h] === 'function'),
    call(handlerName, ctx, onLog) {
      const handler = handlers[handlerName];
      if (typeof handler !== 'function') throw new Error(`${name}: the bundle exports no ${handlerName}()`);
      state.appendedErrors = [];
      delete state.subscriptionFilter;
      beginInvocation(state, handlerName, ctx);
      const snapshot = (): InvocationState => ({ ...state, appendedErrors: [...state.appendedErrors] });
      callSink = onLog;
      deadline?.begin();
      try {
        return { kind: 'value', value: membrane.toHost((handler as Handler)(vmCtx(ctx))), state: snapshot() };
      } catch (thrown) {
        if (thrown instanceof EarlyReturn) return { kind: 'earlyReturn', value: thrown.value, state: snapshot() };
        if (thrown instanceof ResolverError) return { kind: 'error', error: thrown, state: snapshot() };
        throw thrown;
      } finally {
        callSink = undefined;
        syncStash(ctx);
      }
    },
  };
}

/** Without a sink: stderr, tagged with the resolver (the server itself always gives one, local/logging). */
function stderrSink(name: string): LogSink {
  return (entry) => console.error(`[${name}]`, formatLogLine(entry, `${name}.js`));
}

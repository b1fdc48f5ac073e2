/**
 * The values the APPSYNC_JS runtime uses to unwind a handler, and the error shape clients see.
 * `util.error` and `runtime.earlyReturn` throw these from host code; the evaluator catches them
 * (resolver code itself cannot: APPSYNC_JS has no try/catch).
 */

/** One entry of a GraphQL response's `errors`, as AppSync writes it. */
export interface AppSyncErrorEntry {
  message: string;
  errorType: string | null;
  data: unknown;
  errorInfo: unknown;
  path: (string | number)[] | null;
  locations: { line: number; column: number; sourceName: string | null }[] | null;
}

/** Raised by `util.error`: aborts the field. */
export class ResolverError extends Error {
  constructor(
    message: string,
    readonly errorType: string | null = null,
    readonly data: unknown = null,
    readonly errorInfo: unknown = null,
  ) {
    super(message);
    this.name = 'ResolverError';
  }
}

/** Raised by `runtime.earlyReturn`: a unit resolver's request handler skips the data source and the response handler. */
export class EarlyReturn {
  constructor(readonly value: unknown) {}
}

/** Collected by `util.appendError`: reported with the field's result, the field is not aborted. */
export interface AppendedError {
  message: string;
  errorType: string | null;
  data: unknown;
  errorInfo: unknown;
}

/** Per-invocation state the utilities write to (appended errors, subscription filters...). */
export interface InvocationState {
  appendedErrors: AppendedError[];
  /** Set by `extensions.setSubscriptionFilter`, read by the real-time layer. */
  subscriptionFilter?: unknown;
  /** What `util.authType()` reports, e.g. 'IAM Authorization'; 'API Key Authorization' when unset. */
  authType?: string;
  /** The field being resolved, for `util.unauthorized()`'s message. */
  field?: { parentTypeName: string; fieldName: string };
  /** The handler running: some utilities only work in one (e.g. `extensions.setSubscriptionFilter`, response only). */
  handler?: 'request' | 'response';
}

export function newInvocationState(): InvocationState {
  return { appendedErrors: [] };
}

/** The auth type of the request a ctx belongs to (AppSync's ctx has no such key, so it is kept beside it). */
const authTypes = new WeakMap<object, string>();

/** Called by whoever builds a ctx (runUnitResolver) so that `util.authType()` reports the caller's mode. */
export function setInvocationAuthType(ctx: object, authType: string): void {
  authTypes.set(ctx, authType);
}

/**
 * Called by the loader before each handler: records which handler runs, the field (from
 * `ctx.info`, as AppSync fills it) and the auth type registered for this ctx. Nothing carries
 * over from the previous call of the same resolver.
 */
export function beginInvocation(state: InvocationState, handler: 'request' | 'response', ctx: unknown): void {
  state.handler = handler;
  const info = ctx !== null && typeof ctx === 'object' ? (ctx as { info?: unknown }).info : undefined;
  const { parentTypeName, fieldName } = (info !== null && typeof info === 'object' ? info : {}) as {
    parentTypeName?: unknown;
    fieldName?: unknown;
  };
  if (typeof parentTypeName === 'string' && typeof fieldName === 'string') state.field = { parentTypeName, fieldName };
  else delete state.field;
  const authType = ctx !== null && typeof ctx === 'object' ? authTypes.get(ctx) : undefined;
  if (authType === undefined) delete state.authType;
  else state.authType = authType;
}

/**
 * AppSync's `runtime` and `extensions` objects for the local APPSYNC_JS runtime.
 * `runtime.earlyReturn` unwinds by throwing `EarlyReturn` (resolver code has no try/catch to stop
 * it); setSubscriptionFilter records into the invocation state, which the real-time layer reads,
 * only where AppSync honours it; subscription invalidation fails the field (not implemented).
 */
import { EarlyReturn, ResolverError, type InvocationState } from './errors.js';

/**
 * `returnOptions.skipTo` ('END' | 'NEXT') only chooses where a PIPELINE goes on; this API has unit
 * resolvers only, where AppSync ends the resolver with the value either way, so it is accepted and
 * has no effect. https://docs.aws.amazon.com/appsync/latest/devguide/runtime-utils-js.html
 */
export function createRuntime() {
  return {
    earlyReturn(value?: unknown, _returnOptions?: { skipTo?: 'END' | 'NEXT' }): never {
      throw new EarlyReturn(value ?? null);
    },
  };
}

/**
 * Subscription invalidation (setSubscriptionInvalidationFilter / invalidateSubscriptions) is not
 * implemented by the local real-time layer: recording the call and carrying on would let a
 * resolver that relies on it pass locally and behave differently in AppSync, so the field fails.
 */
function notImplemented(name: string): never {
  throw new ResolverError(
    `extensions.${name} is not implemented by the local runtime: its real-time layer does not invalidate subscriptions (docs/fidelity.md, ${EXTENSIONS_PAGE})`,
    'LocalRuntimeUnsupported',
  );
}

/** Resolver objects come from another realm; a JSON copy makes them plain host values, as AppSync serialises them. */
const copy = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/** AppSync's "Extensions" page: https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html */
const EXTENSIONS_PAGE = 'https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html';

/**
 * AppSync documents where each subscription extension works: setSubscriptionFilter and
 * setSubscriptionInvalidationFilter "only in the response handler of a subscription resolver",
 * invalidateSubscriptions only in a mutation's response handler. It documents no error for a call
 * elsewhere, and the call has no effect there, so locally it is ignored too — loudly, so the
 * mistake (a subscriber receiving every event) cannot pass unnoticed.
 */
function usableIn(state: InvocationState, name: string, parentTypeName: 'Subscription' | 'Mutation'): boolean {
  const where = state.field ? `${state.field.parentTypeName}.${state.field.fieldName}` : 'a resolver';
  const handlerOk = state.handler === undefined || state.handler === 'response';
  const typeOk = state.field === undefined || state.field.parentTypeName === parentTypeName;
  if (handlerOk && typeOk) return true;
  const ran = state.handler ? `the ${state.handler} handler of ${where}` : where;
  console.warn(
    `[appsync-js] extensions.${name} called in ${ran}: AppSync applies it only in the response handler of a ${parentTypeName.toLowerCase()} resolver (${EXTENSIONS_PAGE}); ignored.`,
  );
  return false;
}

export function createExtensions(state: InvocationState) {
  return {
    setSubscriptionFilter(filter: unknown): void {
      if (usableIn(state, 'setSubscriptionFilter', 'Subscription')) state.subscriptionFilter = copy(filter);
    },
    setSubscriptionInvalidationFilter(_filter: unknown): never {
      notImplemented('setSubscriptionInvalidationFilter');
    },
    invalidateSubscriptions(_invalidation: unknown): never {
      notImplemented('invalidateSubscriptions');
    },
    /** There is no resolver cache locally, so there is nothing to evict. */
    evictFromApiCache(_typeName: string, _fieldName: string, _keyValuePair: Record<string, unknown>): void {},
  };
}

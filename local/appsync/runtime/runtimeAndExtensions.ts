/**
 * AppSync's `runtime` and `extensions` objects for the local APPSYNC_JS runtime.
 * `runtime.earlyReturn` unwinds by throwing `EarlyReturn` (resolver code has no try/catch to stop
 * it); the extensions only record into the invocation state, which the real-time layer reads,
 * and only where AppSync honours them.
 */
import { EarlyReturn, type InvocationState } from './errors.js';

export function createRuntime() {
  return {
    earlyReturn(value?: unknown, returnOptions?: { skipTo?: 'END' | 'NEXT' }): never {
      throw new EarlyReturn(value ?? null, returnOptions?.skipTo === 'NEXT' ? 'NEXT' : 'END');
    },
  };
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
    setSubscriptionInvalidationFilter(filter: unknown): void {
      if (usableIn(state, 'setSubscriptionInvalidationFilter', 'Subscription')) state.subscriptionInvalidationFilter = copy(filter);
    },
    invalidateSubscriptions(invalidation: unknown): void {
      if (usableIn(state, 'invalidateSubscriptions', 'Mutation')) (state.invalidations ??= []).push(copy(invalidation));
    },
    /** There is no resolver cache locally, so there is nothing to evict. */
    evictFromApiCache(_typeName: string, _fieldName: string, _keyValuePair: Record<string, unknown>): void {},
  };
}

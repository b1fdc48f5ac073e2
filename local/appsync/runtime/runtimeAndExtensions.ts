/**
 * AppSync's `runtime` and `extensions` objects for the local APPSYNC_JS runtime.
 * `runtime.earlyReturn` unwinds by throwing `EarlyReturn` (resolver code has no try/catch to stop
 * it); the extensions only record into the invocation state, which the real-time layer reads.
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

export function createExtensions(state: InvocationState) {
  return {
    setSubscriptionFilter(filter: unknown): void {
      state.subscriptionFilter = copy(filter);
    },
    setSubscriptionInvalidationFilter(filter: unknown): void {
      state.subscriptionInvalidationFilter = copy(filter);
    },
    invalidateSubscriptions(invalidation: unknown): void {
      (state.invalidations ??= []).push(copy(invalidation));
    },
    /** There is no resolver cache locally, so there is nothing to evict. */
    evictFromApiCache(_typeName: string, _fieldName: string, _keyValuePair: Record<string, unknown>): void {},
  };
}

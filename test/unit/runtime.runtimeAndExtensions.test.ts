import { describe, expect, it } from 'vitest';
import { EarlyReturn, newInvocationState } from '../../local/appsync/runtime/errors.js';
import { createExtensions, createRuntime } from '../../local/appsync/runtime/runtimeAndExtensions.js';

const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
};

describe('runtime.earlyReturn', () => {
  it('unwinds with the value, skipping to END by default', () => {
    const thrown = thrownBy(() => createRuntime().earlyReturn({ id: 1 }));
    expect(thrown).toBeInstanceOf(EarlyReturn);
    expect(thrown).toMatchObject({ value: { id: 1 }, skipTo: 'END' });
  });

  it('returns null when given nothing, and honours skipTo NEXT', () => {
    expect(thrownBy(() => createRuntime().earlyReturn())).toMatchObject({ value: null });
    expect(thrownBy(() => createRuntime().earlyReturn(1, { skipTo: 'NEXT' }))).toMatchObject({ value: 1, skipTo: 'NEXT' });
  });
});

describe('extensions', () => {
  it('record subscription filters and invalidations into the invocation state as plain copies', () => {
    const state = newInvocationState();
    const extensions = createExtensions(state);
    const filter = { filterGroup: [{ filters: [{ fieldName: 'store_id', operator: 'eq', value: 's1' }] }] };
    extensions.setSubscriptionFilter(filter);
    extensions.setSubscriptionInvalidationFilter({ filterGroup: [] });
    extensions.invalidateSubscriptions({ subscriptionField: 'onOrder', payload: { store_id: 's1' } });
    extensions.invalidateSubscriptions({ subscriptionField: 'onOrder', payload: { store_id: 's2' } });
    filter.filterGroup.length = 0;
    expect(state.subscriptionFilter).toEqual({ filterGroup: [{ filters: [{ fieldName: 'store_id', operator: 'eq', value: 's1' }] }] });
    expect(state.subscriptionInvalidationFilter).toEqual({ filterGroup: [] });
    expect(state.invalidations).toEqual([
      { subscriptionField: 'onOrder', payload: { store_id: 's1' } },
      { subscriptionField: 'onOrder', payload: { store_id: 's2' } },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { EarlyReturn, ResolverError, newInvocationState } from '../../local/engine/runtime/errors.js';
import { createExtensions, createRuntime } from '../../local/engine/runtime/runtimeAndExtensions.js';

const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
};

describe('runtime.earlyReturn', () => {
  it('unwinds with the value', () => {
    const thrown = thrownBy(() => createRuntime().earlyReturn({ id: 1 }));
    expect(thrown).toBeInstanceOf(EarlyReturn);
    expect(thrown).toEqual(new EarlyReturn({ id: 1 }));
  });

  it('returns null when given nothing; skipTo (pipeline-only) changes nothing in a unit resolver', () => {
    expect(thrownBy(() => createRuntime().earlyReturn())).toEqual(new EarlyReturn(null));
    expect(thrownBy(() => createRuntime().earlyReturn(1, { skipTo: 'NEXT' }))).toEqual(new EarlyReturn(1));
  });
});

describe('extensions', () => {
  it('record the subscription filter into the invocation state as a plain copy', () => {
    const state = newInvocationState();
    const extensions = createExtensions(state);
    const filter = { filterGroup: [{ filters: [{ fieldName: 'store_id', operator: 'eq', value: 's1' }] }] };
    extensions.setSubscriptionFilter(filter);
    filter.filterGroup.length = 0;
    expect(state.subscriptionFilter).toEqual({ filterGroup: [{ filters: [{ fieldName: 'store_id', operator: 'eq', value: 's1' }] }] });
  });

  it('fail the field on subscription invalidation, which the local real-time layer does not implement', () => {
    const extensions = createExtensions(newInvocationState());
    for (const call of [
      () => extensions.setSubscriptionInvalidationFilter({ filterGroup: [] }),
      () => extensions.invalidateSubscriptions({ subscriptionField: 'onOrder', payload: { store_id: 's1' } }),
    ]) {
      const thrown = thrownBy(call);
      expect(thrown).toBeInstanceOf(ResolverError);
      expect(thrown).toMatchObject({
        errorType: 'LocalRuntimeUnsupported',
        message: expect.stringContaining('is not implemented by the local runtime'),
      });
    }
  });
});

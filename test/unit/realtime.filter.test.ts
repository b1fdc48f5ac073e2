/** AppSync's enhanced filter JSON, evaluated against mutation results; and what the resolver produces. */
import { describe, expect, it } from 'vitest';
import { argumentFilter, matches, validateFilter, type EnhancedFilter, type FilterEntry } from '../../local/engine/realtime/filter.js';
import { toSubscriptionFilter } from '../../local/engine/runtime/subscriptionFilter.js';

const order = { store_id: 's1', user_id: 'user1', grand_total: 110, tags: ['gift', 'rush'], address: { city: 'Lyon' } };
const one = (fieldName: string, operator: FilterEntry['operator'], value: unknown): EnhancedFilter => ({
  filterGroup: [{ filters: [{ fieldName, operator, value }] }],
});

describe('matches', () => {
  it.each([
    ['store_id', 'eq', 's1', true],
    ['store_id', 'eq', 's2', false],
    ['store_id', 'ne', 's2', true],
    ['grand_total', 'gt', 100, true],
    ['grand_total', 'ge', 110, true],
    ['grand_total', 'lt', 110, false],
    ['grand_total', 'le', 110, true],
    ['grand_total', 'between', [100, 110], true],
    ['grand_total', 'between', [111, 200], false],
    ['grand_total', 'gt', '100', false],
    ['user_id', 'beginsWith', 'user', true],
    ['user_id', 'beginsWith', 'usr', false],
    ['user_id', 'contains', 'er1', true],
    ['user_id', 'notContains', 'er1', false],
    ['tags', 'contains', 'gift', true],
    ['tags', 'notContains', 'gift', false],
    ['tags', 'containsAny', ['x', 'rush'], true],
    ['tags', 'containsAny', ['x', 'y'], false],
    ['store_id', 'in', ['s0', 's1'], true],
    ['store_id', 'notIn', ['s0', 's1'], false],
    ['address.city', 'eq', 'Lyon', true],
    ['missing', 'eq', 'x', false],
    ['missing', 'ne', 'x', true],
    ['missing', 'notIn', ['x'], true],
    ['missing', 'gt', 0, false],
  ] as const)('%s %s %j → %s', (field, operator, value, expected) => {
    expect(matches(one(field, operator, value), order)).toBe(expected);
  });

  it('ORs groups and ANDs the filters inside a group; no group matches everything', () => {
    const f: EnhancedFilter = {
      filterGroup: [
        { filters: [{ fieldName: 'store_id', operator: 'eq', value: 's2' }] },
        {
          filters: [
            { fieldName: 'store_id', operator: 'eq', value: 's1' },
            { fieldName: 'user_id', operator: 'eq', value: 'user1' },
          ],
        },
      ],
    };
    expect(matches(f, order)).toBe(true);
    expect(matches(f, { ...order, user_id: 'user10' })).toBe(false);
    expect(matches({ filterGroup: [] }, order)).toBe(true);
  });

  it('evaluates what util.transform.toSubscriptionFilter makes of the resolver’s arguments', () => {
    const byStore = validateFilter(toSubscriptionFilter({ store_id: { eq: 's1' } }));
    const byUser = validateFilter(toSubscriptionFilter({ store_id: { eq: 's1' }, user_id: { eq: 'user1' } }));
    if (typeof byStore === 'string' || typeof byUser === 'string') throw new Error('invalid');
    expect(matches(byStore, order)).toBe(true);
    expect(matches(byStore, { ...order, store_id: 's10' })).toBe(false);
    expect(matches(byUser, order)).toBe(true);
    expect(matches(byUser, { ...order, user_id: 'user10' })).toBe(false);
  });
});

describe('argumentFilter (no resolver: AppSync basic filtering)', () => {
  it('requires equality on every argument given, ignores null ones', () => {
    expect(argumentFilter({ store_id: 's1', user_id: null })).toEqual(one('store_id', 'eq', 's1'));
    expect(argumentFilter({})).toEqual({ filterGroup: [] });
  });
});

describe('validateFilter', () => {
  it('refuses unknown operators, bad values and more than AppSync’s limits, in AppSync’s words', () => {
    expect(validateFilter({ filterGroup: [{ filters: [{ fieldName: 'a', operator: 'like', value: 1 }] }] })).toBe(
      'subscription filter has invalid filter operator `like`.',
    );
    expect(validateFilter({ filterGroup: [{ filters: [{ fieldName: 'a', operator: 'in', value: 1 }] }] })).toBe(
      'subscription filter has invalid filter value for operator `in`.',
    );
    expect(validateFilter({ filterGroup: [{ filters: [{ fieldName: 'a', operator: 'between', value: [1] }] }] })).toBe(
      'subscription filter has invalid filter value for operator `between`.',
    );
    expect(validateFilter({ filterGroup: Array.from({ length: 11 }, () => ({ filters: [] })) })).toBe(
      'Filters combination exceed maximum limit 10 for subscription',
    );
    expect(
      validateFilter({
        filterGroup: [{ filters: ['a', 'b', 'c', 'd', 'e', 'f'].map((fieldName) => ({ fieldName, operator: 'eq', value: 1 })) }],
      }),
    ).toBe('Filters exceed maximum attributes limit 5 for subscription');
    expect(validateFilter({})).toMatch(/filterGroup/);
  });
});

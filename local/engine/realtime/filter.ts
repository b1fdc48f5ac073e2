/**
 * AppSync's enhanced subscription filters, evaluated against a mutation's result:
 * `{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }` — an event is delivered when
 * ANY group holds, a group holds when ALL its filters hold; no groups means every event.
 * Operators (AppSync's list): eq, ne, le, lt, ge, gt, contains, notContains, beginsWith, in,
 * notIn, between, containsAny. `fieldName` may name a nested field with dots (`a.b`).
 * A field the result does not have satisfies only the negative operators (ne, notContains, notIn).
 */
import { isJsonObject } from '../../jsonObject.js';
import {
  MAX_FILTER_GROUPS,
  MAX_FILTERS_PER_GROUP,
  OPERATORS,
  type EnhancedFilter,
  type FilterEntry,
  type Operator,
} from '../enhancedFilter.js';

export type { EnhancedFilter, FilterEntry, Operator };

/** Checks a filter set by `extensions.setSubscriptionFilter`; a sentence saying what is wrong, or the filter. */
export function validateFilter(raw: unknown): EnhancedFilter | string {
  if (!isJsonObject(raw) || !Array.isArray(raw.filterGroup)) return 'a subscription filter must be { filterGroup: [{ filters: [...] }] }';
  if (raw.filterGroup.length > MAX_FILTER_GROUPS) return `a subscription filter may have at most ${MAX_FILTER_GROUPS} filter groups`;
  const groups: EnhancedFilter['filterGroup'] = [];
  for (const group of raw.filterGroup) {
    if (!isJsonObject(group) || !Array.isArray(group.filters)) return 'each filter group must be { filters: [...] }';
    if (group.filters.length > MAX_FILTERS_PER_GROUP) return `a filter group may have at most ${MAX_FILTERS_PER_GROUP} filters`;
    const filters: FilterEntry[] = [];
    for (const f of group.filters) {
      if (!isJsonObject(f) || typeof f.fieldName !== 'string' || f.fieldName === '') return 'each filter needs a fieldName';
      const operator = f.operator;
      if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
        return `unknown filter operator '${String(operator)}' on '${f.fieldName}'`;
      }
      if ((operator === 'in' || operator === 'notIn' || operator === 'containsAny') && !Array.isArray(f.value)) {
        return `'${operator}' on '${f.fieldName}' needs an array value`;
      }
      if (operator === 'between' && !(Array.isArray(f.value) && f.value.length === 2))
        return `'between' on '${f.fieldName}' needs [low, high]`;
      filters.push({ fieldName: f.fieldName, operator: operator as Operator, value: f.value });
    }
    groups.push({ filters });
  }
  return { filterGroup: groups };
}

/** AppSync's basic filtering (no filter set): every argument given equals the result's field. */
export function argumentFilter(args: Record<string, unknown>): EnhancedFilter {
  const filters = Object.entries(args)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([fieldName, value]): FilterEntry => ({ fieldName, operator: 'eq', value }));
  return { filterGroup: filters.length > 0 ? [{ filters }] : [] };
}

export function matches(filter: EnhancedFilter, result: unknown): boolean {
  if (filter.filterGroup.length === 0) return true;
  return filter.filterGroup.some((group) => group.filters.every((f) => holds(f, fieldValue(result, f.fieldName))));
}

function fieldValue(result: unknown, path: string): unknown {
  let value: unknown = result;
  for (const key of path.split('.')) {
    if (!isJsonObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

function holds(filter: FilterEntry, actual: unknown): boolean {
  const { operator, value } = filter;
  const missing = actual === undefined || actual === null;
  switch (operator) {
    case 'eq':
      return !missing && same(actual, value);
    case 'ne':
      return missing || !same(actual, value);
    case 'lt':
      return !missing && comparable(actual, value) && (actual as number) < (value as number);
    case 'le':
      return !missing && comparable(actual, value) && (actual as number) <= (value as number);
    case 'gt':
      return !missing && comparable(actual, value) && (actual as number) > (value as number);
    case 'ge':
      return !missing && comparable(actual, value) && (actual as number) >= (value as number);
    case 'between': {
      const [low, high] = value as [unknown, unknown];
      return (
        !missing &&
        comparable(actual, low) &&
        comparable(actual, high) &&
        (actual as number) >= (low as number) &&
        (actual as number) <= (high as number)
      );
    }
    case 'beginsWith':
      return typeof actual === 'string' && typeof value === 'string' && actual.startsWith(value);
    case 'contains':
      return contains(actual, value);
    case 'notContains':
      return missing || !contains(actual, value);
    case 'in':
      return !missing && (value as unknown[]).some((v) => same(actual, v));
    case 'notIn':
      return missing || !(value as unknown[]).some((v) => same(actual, v));
    case 'containsAny':
      return (value as unknown[]).some((v) => contains(actual, v));
  }
}

function contains(actual: unknown, value: unknown): boolean {
  if (typeof actual === 'string') return typeof value === 'string' && actual.includes(value);
  if (Array.isArray(actual)) return actual.some((item) => same(item, value));
  return false;
}

/** Both numbers or both strings (AppSync compares like with like). */
function comparable(a: unknown, b: unknown): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

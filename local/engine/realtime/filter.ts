/**
 * AppSync's enhanced subscription filters, evaluated against a mutation's result:
 * `{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }` — an event is delivered when
 * ANY group holds, a group holds when ALL its filters hold; no groups means every event.
 * Operators (AppSync's list): eq, ne, le, lt, ge, gt, contains, notContains, beginsWith, in,
 * notIn, between, containsAny. `fieldName` may name a nested field with dots (`a.b`).
 * A field the result does not have satisfies only the negative operators (ne, notContains, notIn).
 */
import { isJsonObject } from '../../jsonObject.js';
import { OPERATORS, type EnhancedFilter, type FilterEntry, type Operator } from '../enhancedFilter.js';

export type { EnhancedFilter, FilterEntry, Operator };

/**
 * AppSync's limits on one subscription's filter, as its refusals show them (AWS's own clients match
 * these sentences: amplify-js datastore `catchRTFError`, amplify-swift `RTFError`):
 * at most 5 different fieldNames in the whole filter ("Filters exceed maximum attributes limit 5 for
 * subscription", aws-amplify/amplify-flutter#6142; amplify-js counts "different model fields"),
 * at most 10 filter groups ("Filters combination exceed maximum limit"; the number 10 is inferred),
 * no fieldName twice in one group ("filter uses same fieldName multiple time").
 */
export const MAX_FILTER_ATTRIBUTES = 5;
export const MAX_FILTER_GROUPS = 10;

/** AppSync's sentence for a value its operator cannot take (recorded for containsAny [], aws-amplify/amplify-android#2578). */
export const invalidValue = (operator: string): string => `subscription filter has invalid filter value for operator \`${operator}\`.`;

/** Checks a filter set by `extensions.setSubscriptionFilter`: the filter, or AppSync's sentence refusing it. */
export function validateFilter(raw: unknown): EnhancedFilter | string {
  // Shape errors cannot come from util.transform.toSubscriptionFilter; their sentences are local.
  if (!isJsonObject(raw) || !Array.isArray(raw.filterGroup)) return 'a subscription filter must be { filterGroup: [{ filters: [...] }] }';
  if (raw.filterGroup.length > MAX_FILTER_GROUPS) return `Filters combination exceed maximum limit ${MAX_FILTER_GROUPS} for subscription`;
  const groups: EnhancedFilter['filterGroup'] = [];
  const attributes = new Set<string>();
  for (const group of raw.filterGroup) {
    if (!isJsonObject(group) || !Array.isArray(group.filters)) return 'each filter group must be { filters: [...] }';
    const filters: FilterEntry[] = [];
    const inGroup = new Set<string>();
    for (const f of group.filters) {
      if (!isJsonObject(f) || typeof f.fieldName !== 'string' || f.fieldName === '') return 'each filter needs a fieldName';
      const operator = f.operator;
      if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
        return `subscription filter has invalid filter operator \`${String(operator)}\`.`;
      }
      if (!fits(operator as Operator, f.value)) return invalidValue(operator);
      if (inGroup.has(f.fieldName)) return 'filter uses same fieldName multiple time';
      inGroup.add(f.fieldName);
      attributes.add(f.fieldName);
      filters.push({ fieldName: f.fieldName, operator: operator as Operator, value: f.value });
    }
    groups.push({ filters });
  }
  if (attributes.size > MAX_FILTER_ATTRIBUTES) return `Filters exceed maximum attributes limit ${MAX_FILTER_ATTRIBUTES} for subscription`;
  return { filterGroup: groups };
}

/** Whether a value suits its operator: lists for in/notIn, a non-empty list for containsAny (recorded), [low, high] for between. */
function fits(operator: Operator, value: unknown): boolean {
  switch (operator) {
    case 'in':
    case 'notIn':
      return Array.isArray(value);
    case 'containsAny':
      return Array.isArray(value) && value.length > 0;
    case 'between':
      return Array.isArray(value) && value.length === 2;
    default:
      return true;
  }
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

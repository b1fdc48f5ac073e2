/**
 * `util.transform.toSubscriptionFilter`: AppSync's enhanced-filter object,
 * `{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }` — groups are ORed, the
 * filters inside a group ANDed. So `or` multiplies groups and `and` concatenates filters.
 */
import { isPlainMap } from './attributeValues.js';

export interface SubscriptionFilterEntry {
  fieldName: string;
  operator: string;
  value: unknown;
}

export interface SubscriptionFilter {
  filterGroup: { filters: SubscriptionFilterEntry[] }[];
}

type Groups = SubscriptionFilterEntry[][];

/** Every group of `left` combined with every group of `right` (AND of two ORs). */
function cross(left: Groups, right: Groups): Groups {
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}

function fieldFilters(path: string, operators: unknown): SubscriptionFilterEntry[] {
  if (!isPlainMap(operators)) throw new TypeError(`the subscription filter on '${path}' must be an object such as { eq: value }`);
  return Object.entries(operators)
    .filter(([, value]) => value !== undefined)
    .map(([operator, value]) => ({ fieldName: path, operator, value }));
}

function groupsOf(filter: unknown, ignored: ReadonlySet<string>): Groups {
  if (!isPlainMap(filter)) throw new TypeError('a subscription filter must be an object');
  let groups: Groups = [[]];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || ignored.has(key)) continue;
    if (key === 'and') {
      for (const sub of Array.isArray(value) ? value : [value]) groups = cross(groups, groupsOf(sub, new Set()));
    } else if (key === 'or') {
      const alternatives = (Array.isArray(value) ? value : [value]).flatMap((sub) => groupsOf(sub, new Set()));
      if (alternatives.length > 0) groups = cross(groups, alternatives);
    } else {
      const filters = fieldFilters(key, value);
      groups = groups.map((group) => [...group, ...filters]);
    }
  }
  return groups;
}

export function toSubscriptionFilter(filter: unknown, ignoredFields?: readonly string[] | null, rules?: unknown): SubscriptionFilter {
  let groups = groupsOf(filter, new Set(ignoredFields ?? []));
  if (isPlainMap(rules)) {
    // "At least one of the rules" must hold: each rule is an alternative joined to every group.
    const alternatives = Object.entries(rules)
      .filter(([, value]) => value !== undefined)
      .flatMap(([field, operators]) => fieldFilters(field, operators).map((entry) => [entry]));
    if (alternatives.length > 0) groups = cross(groups, alternatives);
  }
  return { filterGroup: groups.filter((filters) => filters.length > 0).map((filters) => ({ filters })) };
}

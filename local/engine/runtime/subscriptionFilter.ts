/**
 * `util.transform.toSubscriptionFilter`: AppSync's enhanced-filter object,
 * `{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }`, groups ORed and the filters
 * inside a group ANDed — as AppSync's EvaluateCode returns it (recorded outputs: docs/fidelity.md):
 *
 * - every operator of a field, every member of an `or` and every rule is an alternative, so the
 *   groups multiply out (`{ a: { eq: 1, ne: 2 } }` is two groups); `and` members concatenate;
 * - nothing is validated: operators pass through as written, and `not` is a field name here;
 * - ignored fields are dropped at every level; groups left empty are dropped;
 * - a filter that is not an object (null, an array, a JSON string) gives `null`.
 */
import { isPlainMap } from './attributeValues.js';
import { definedEntries } from './expressions.js';
import type { EnhancedFilter, FilterEntry } from '../enhancedFilter.js';

/** Operators pass through unvalidated here: the real-time layer checks them. */
type SubscriptionFilterEntry = FilterEntry<string>;
type SubscriptionFilter = EnhancedFilter<string>;

type Groups = SubscriptionFilterEntry[][];

/** AppSync answers `null` for a filter it cannot read. */
class UnreadableFilter extends Error {}

/** Every group combined with every alternative (an AND of two ORs). */
const cross = (groups: Groups, alternatives: Groups): Groups =>
  groups.flatMap((group) => alternatives.map((alternative) => [...group, ...alternative]));

/** One alternative per operator of the field. */
function fieldAlternatives(fieldName: string, operators: unknown): Groups {
  if (!isPlainMap(operators)) throw new UnreadableFilter();
  return definedEntries(operators).map(([operator, value]) => [{ fieldName, operator, value }]);
}

function groupsOf(filter: unknown, ignored: readonly string[]): Groups {
  if (!isPlainMap(filter)) throw new UnreadableFilter();
  let groups: Groups = [[]];
  for (const [key, value] of definedEntries(filter)) {
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw new UnreadableFilter();
      if (key === 'and') for (const member of value) groups = cross(groups, groupsOf(member, ignored));
      else
        groups = cross(
          groups,
          value.flatMap((member) => groupsOf(member, ignored)),
        );
    } else if (!ignored.includes(key)) {
      groups = cross(groups, fieldAlternatives(key, value));
    }
  }
  return groups;
}

export function toSubscriptionFilter(filter: unknown, ignoredFields?: unknown, rules?: unknown): SubscriptionFilter | null {
  const ignored = Array.isArray(ignoredFields) ? ignoredFields.map(String) : [];
  try {
    let groups = groupsOf(filter, ignored);
    if (isPlainMap(rules)) {
      // "At least one of the rules" must hold: each is an alternative joined to every group.
      const alternatives = definedEntries(rules).flatMap(([field, operators]) => fieldAlternatives(field, operators));
      if (alternatives.length > 0) groups = cross(groups, alternatives);
    }
    return { filterGroup: groups.filter((filters) => filters.length > 0).map((filters) => ({ filters })) };
  } catch (error) {
    if (error instanceof UnreadableFilter) return null;
    throw error;
  }
}

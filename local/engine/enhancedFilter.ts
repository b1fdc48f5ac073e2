/**
 * The one declaration of AppSync's enhanced subscription filter,
 * `{ filterGroup: [{ filters: [{ fieldName, operator, value }] }] }` (groups ORed, filters in a
 * group ANDed), shared by `util.transform.toSubscriptionFilter` (local/engine/runtime/subscriptionFilter.ts),
 * which passes operators through as written, and the real-time layer (local/engine/realtime/filter.ts),
 * which accepts only AppSync's operators and limits.
 * https://docs.aws.amazon.com/appsync/latest/devguide/aws-appsync-real-time-enhanced-filtering.html
 */
export const OPERATORS = [
  'eq',
  'ne',
  'le',
  'lt',
  'ge',
  'gt',
  'contains',
  'notContains',
  'beginsWith',
  'in',
  'notIn',
  'between',
  'containsAny',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** `Op` is `string` before validation (as toSubscriptionFilter builds it), `Operator` after. */
export interface FilterEntry<Op extends string = Operator> {
  fieldName: string;
  operator: Op;
  value: unknown;
}

export interface EnhancedFilter<Op extends string = Operator> {
  filterGroup: { filters: FilterEntry<Op>[] }[];
}

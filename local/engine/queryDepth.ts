/**
 * AppSync's query depth limit, applied as AppSync documents it: not a refused request but a field
 * error — "going past its upper bound will result in a QueryDepthLimitReached error … If a
 * non-nullable field receives a QueryDepthLimitReached error, that error will be thrown to the
 * first nullable parent field" (https://docs.aws.amazon.com/appsync/latest/devguide/configuration-limits.html).
 * Depth counts fields, leaves included (the page's `L1 { L2 { L3 { L4 } } }` is 4); fragments add
 * no level. Each field one level past the limit, in each object of the result, answers null with
 * one error (errorType `QueryDepthLimitReached`; the message's words are not published: local),
 * and a null in a non-null position nulls its parent, and so on up, as graphql-java propagates
 * any field error. Fields past the limit have no resolvers of their own in this engine (only
 * root fields do, and the executor refuses to run a resolver past the limit), so cutting the
 * result is the same as never resolving them.
 */
import {
  Kind,
  getLocation,
  getNullableType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { isJsonObject } from '../jsonObject.js';
import { collectFields, type Selection } from './collectFields.js';
import type { AppSyncErrorEntry } from './runtime/errors.js';

/** How many fields deep an operation goes (fragments memoized by name; cycles were refused by validation). */
export function operationDepth(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): number {
  const heights = new Map<string, number>();
  const height = (set: SelectionSetNode, onPath: ReadonlySet<string>): number => {
    let max = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) max = Math.max(max, 1 + (s.selectionSet ? height(s.selectionSet, onPath) : 0));
      else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, height(s.selectionSet, onPath));
      else if (!onPath.has(s.name.value)) {
        const fragment = fragments[s.name.value];
        let known = heights.get(s.name.value);
        if (known === undefined && fragment) {
          known = height(fragment.selectionSet, new Set([...onPath, s.name.value]));
          heights.set(s.name.value, known);
        }
        max = Math.max(max, known ?? 0);
      }
    }
    return max;
  };
  return height(operation.selectionSet, new Set());
}

/** The number of fields on a resolver path (`['a', 0, 'b']` is 2). */
export const pathDepth = (path: readonly (string | number)[]): number => path.filter((key) => typeof key === 'string').length;

interface Cut extends Selection {
  limit: number;
  errors: AppSyncErrorEntry[];
}

/** The message for a field past the limit (words local: AppSync shows its answer only as a screenshot). */
export function depthLimitMessage(limit: number, path: readonly (string | number)[]): string {
  return `Query depth limit of ${limit} reached at '${path.filter((k) => typeof k === 'string').join('/')}' (depth ${pathDepth(path)}).`;
}

function depthError(cut: Cut, path: (string | number)[], nodes: readonly FieldNode[]): AppSyncErrorEntry {
  return {
    path,
    data: null,
    errorType: 'QueryDepthLimitReached',
    errorInfo: null,
    locations: nodes.map((n) => {
      const { line, column } = n.loc ? getLocation(n.loc.source, n.loc.start) : { line: 0, column: 0 };
      return { line, column, sourceName: null };
    }),
    message: depthLimitMessage(cut.limit, path),
  };
}

/**
 * `data` of an executed operation with every field past the limit cut (null, and its error in
 * `errors`), nulls propagated to the first nullable parent: `data` itself becomes null when a
 * non-null root field is reached.
 */
export function cutAtDepth(
  data: Record<string, unknown> | null,
  operation: OperationDefinitionNode,
  options: Omit<Cut, 'errors'>,
): { data: Record<string, unknown> | null; errors: AppSyncErrorEntry[] } {
  const cut: Cut = { ...options, errors: [] };
  const root = options.schema.getRootType(operation.operation);
  if (!data || !root) return { data, errors: [] };
  const completed = completeObject(cut, data, root, [operation.selectionSet], 0, []);
  return { data: completed === undefined ? null : (completed as Record<string, unknown>), errors: cut.errors };
}

/** A value at `type`: undefined when it must become null and `type` is non-null (the parent then fails). */
function completeValue(
  cut: Cut,
  value: unknown,
  type: GraphQLOutputType,
  sets: readonly SelectionSetNode[],
  depth: number,
  path: (string | number)[],
): unknown {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  let completed: unknown = value;
  if (isListType(nullable) && Array.isArray(value)) {
    const items = value.map((item, i) => completeValue(cut, item, nullable.ofType, sets, depth, [...path, i]));
    completed = items.includes(undefined) ? undefined : items;
  } else if ((isObjectType(nullable) || isAbstractType(nullable)) && isJsonObject(value)) {
    const objectType = isObjectType(nullable) ? nullable : objectTypeOf(cut, nullable.name, value);
    completed = objectType ? completeObject(cut, value, objectType, sets, depth, path) : value;
  }
  if (completed === undefined) return isNonNullType(type) ? undefined : null;
  return completed;
}

function objectTypeOf(cut: Cut, abstractName: string, value: Record<string, unknown>): GraphQLObjectType | undefined {
  const named = typeof value.__typename === 'string' ? cut.schema.getType(value.__typename) : undefined;
  if (named && isObjectType(named)) return named;
  const abstract = cut.schema.getType(abstractName);
  return abstract && isAbstractType(abstract) ? cut.schema.getPossibleTypes(abstract)[0] : undefined;
}

function fieldOf(cut: Cut, type: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (type === cut.schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return type.getFields()[name];
}

function completeObject(
  cut: Cut,
  value: Record<string, unknown>,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  depth: number,
  path: (string | number)[],
): unknown {
  const out: Record<string, unknown> = { ...value };
  let failed = false;
  for (const [key, nodes] of collectFields(cut, type, sets)) {
    const field = fieldOf(cut, type, nodes[0]!.name.value);
    if (!field || !(key in value)) continue;
    if (depth + 1 > cut.limit) {
      cut.errors.push(depthError(cut, [...path, key], nodes));
      out[key] = null;
      if (isNonNullType(field.type)) failed = true;
      continue;
    }
    const childSets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
    if (childSets.length === 0) continue;
    const completed = completeValue(cut, value[key], field.type, childSets, depth + 1, [...path, key]);
    if (completed === undefined) {
      out[key] = null;
      failed = true;
    } else {
      out[key] = completed;
    }
  }
  return failed ? undefined : out;
}

/**
 * AppSync's answer when a value it completes is null where the schema says non-null. AppSync
 * (graphql-java underneath) reports EVERY such field of an object, as
 *   {"path": [...], "locations": null,
 *    "message": "Cannot return null for non-nullable type: 'AWSDateTime' within parent 'Order' (/onCreateOrder/created_at)"}
 * and then nulls the object, and so on up to the nearest nullable position. graphql-js stops at
 * the first such field and words it differently, so this walk runs first and hands graphql-js a
 * value that already has the nulls where AppSync puts them.
 * Seen in AppSync answers: https://github.com/aws-amplify/amplify-category-api/issues/1338 (a
 * subscriber selecting fields the mutation did not), https://github.com/aws-amplify/amplify-js/issues/13716.
 */
import {
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { isJsonObject } from '../jsonObject.js';
import { collectFields, type Selection } from './collectFields.js';

export interface NullCompletionError {
  path: (string | number)[];
  locations: null;
  message: string;
}

interface Walk extends Selection {
  errors: NullCompletionError[];
}

/**
 * `value` completed as `type` under the field nodes' selection: the same value with every object
 * that holds a null non-null field replaced by null (its errors recorded). Returns `undefined`
 * when the value itself must become null and the position (`type`) is non-null: the caller nulls
 * its own parent.
 */
export function completeNulls(
  value: unknown,
  type: GraphQLOutputType,
  fieldNodes: readonly FieldNode[],
  path: (string | number)[],
  parentTypeName: string,
  walk: Walk,
): unknown {
  if (value === null || value === undefined) {
    if (!isNonNullType(type)) return null;
    walk.errors.push({
      path,
      locations: null,
      message: `Cannot return null for non-nullable type: '${String(type.ofType)}' within parent '${parentTypeName}' (${pathText(path)})`,
    });
    return undefined;
  }
  const nullable = getNullableType(type);
  let completed: unknown = value;
  if (isListType(nullable) && Array.isArray(value)) {
    const items = value.map((item, i) => completeNulls(item, nullable.ofType, fieldNodes, [...path, i], parentTypeName, walk));
    completed = items.includes(undefined) ? undefined : items;
  } else if (isObjectType(nullable) && isJsonObject(value)) {
    completed = completeObject(value, nullable, fieldNodes, path, walk);
  }
  // Abstract types and leaves are left to graphql-js.
  if (completed === undefined) return isNonNullType(type) ? undefined : null;
  return completed;
}

function completeObject(
  value: Record<string, unknown>,
  type: GraphQLObjectType,
  fieldNodes: readonly FieldNode[],
  path: (string | number)[],
  walk: Walk,
): unknown {
  const out: Record<string, unknown> = { ...value };
  let failed = false;
  const fields = type.getFields();
  const sets = fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const [responseKey, nodes] of collectFields(walk, type, sets)) {
    const name = nodes[0]!.name.value;
    const field = fields[name];
    if (!field) continue;
    const completed = completeNulls(value[name], field.type, nodes, [...path, responseKey], type.name, walk);
    if (completed === undefined) failed = true;
    else if (value[name] !== undefined) out[name] = completed;
  }
  return failed ? undefined : out;
}

/** graphql-java's path text: `/a/b[0]/c`. */
function pathText(path: (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `/${p}`)).join('');
}

/** Entry point for a root field: its completed value (null where AppSync nulls it) and the errors. */
export function completeRootField(
  value: unknown,
  type: GraphQLOutputType,
  fieldNodes: readonly FieldNode[],
  responseKey: string,
  parentTypeName: string,
  selection: Selection,
): { value: unknown; errors: NullCompletionError[] } {
  const walk: Walk = { ...selection, errors: [] };
  const completed = completeNulls(value, type, fieldNodes, [responseKey], parentTypeName, walk);
  return { value: completed === undefined ? null : completed, errors: walk.errors };
}

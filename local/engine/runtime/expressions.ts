/**
 * DynamoDB expressions built from AppSync's JavaScript objects, in the exact text AppSync's own
 * runtime produces (AppSync's EvaluateCode output, not merely an equivalent expression):
 *
 * - filters and conditions (`{ title: { contains: 'x' } }`), for `util.transform` and for the
 *   `condition`/`filter`/`query` of the `@aws-appsync/utils/dynamodb` helpers: `(#title = :title_eq)`,
 *   `(contains(#title,:title_contains))`, `(NOT ...)`, nested groups wrapped, value placeholders
 *   named after their nesting (`:or_0_a_eq`);
 * - update expressions (`update({ update: { a: operations.increment(1) } })`):
 *   `SET #expName_1 = #expName_1 + :expValue_1`;
 * - projections: `#expName_1, #expName_2.#expName_3`.
 *
 * Evidence (inputs and AppSync's recorded outputs) is listed in docs/fidelity.md, section
 * "Helpers: what AppSync's EvaluateCode returns"; test/unit/runtime.evaluateCodeParity.test.ts
 * checks each recorded example.
 */
import { isPlainMap, isTypedSet, toDynamoDB, toDynamoDBItemValue, type AttributeValueLike } from './attributeValues.js';

export interface ExpressionObject {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValueLike>;
}

export interface ProjectionObject {
  expression: string;
  expressionNames: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Filters and conditions

const COMPARISONS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
/** Rendered `fn(#a,:v)`: AppSync leaves no space after the comma. */
const FUNCTIONS: Record<string, string> = { contains: 'contains', notContains: 'NOT contains', beginsWith: 'begins_with' };
/** `attributeType` takes the type's name (@aws-appsync/utils' `DynamoDBAttributeType`), never its code. */
const ATTRIBUTE_TYPES: Record<string, string> = {
  _null: 'NULL',
  string: 'S',
  stringSet: 'SS',
  number: 'N',
  numberSet: 'NS',
  binary: 'B',
  binarySet: 'BS',
  boolean: 'BOOL',
  list: 'L',
  map: 'M',
};

/** AppSync answers `null` for a filter it cannot render (unknown operator, wrong operand type...). */
class UnrenderableFilter extends Error {}

const has = (table: Record<string, string>, key: string): boolean => Object.hasOwn(table, key);

/**
 * Members whose value is not `undefined`: the helpers see the object as JSON does (a member set
 * to `ctx.args.missing` is no member at all).
 */
export const definedEntries = (object: Record<string, unknown>): [string, unknown][] =>
  Object.entries(object).filter(([, value]) => value !== undefined);

/**
 * Members joined with `AND`/`OR`; `wrap` parenthesises two or more. A member that renders to ''
 * is joined all the same: AppSync leaves the dangling joiner (`(#a = :a_eq) AND `).
 */
function join(nodes: readonly ExpressionObject[], joiner: 'AND' | 'OR', wrap: boolean): ExpressionObject {
  const text = nodes.map((node) => node.expression).join(` ${joiner} `);
  return {
    expression: wrap && nodes.length > 1 ? `(${text})` : text,
    expressionNames: Object.assign({}, ...nodes.map((node) => node.expressionNames)) as Record<string, string>,
    expressionValues: Object.assign({}, ...nodes.map((node) => node.expressionValues)) as Record<string, AttributeValueLike>,
  };
}

/** `path`: the nesting value placeholders are named after (`and`, index, `not`, field, `size`...). */
function filterNode(filter: unknown, path: readonly (string | number)[], wrap: boolean): ExpressionObject {
  if (!isPlainMap(filter)) throw new UnrenderableFilter();
  const nodes = definedEntries(filter).map(([key, value]) => {
    if (key === 'and' || key === 'or') {
      // Only the list form: AppSync renders nothing for `and: { ... }`.
      if (!Array.isArray(value)) throw new UnrenderableFilter();
      return join(
        value.map((member, index) => filterNode(member, [...path, key, index], false)),
        key === 'and' ? 'AND' : 'OR',
        true,
      );
    }
    if (key === 'not') {
      const inner = filterNode(value, [...path, 'not'], true);
      return { ...inner, expression: `(NOT ${inner.expression})` };
    }
    return fieldNode(key, value, [...path, key], false);
  });
  return join(nodes, 'AND', wrap);
}

/** One field's operators, ANDed. The name is used verbatim (`a.b` is `#a.b`), and listed even with no operator. */
function fieldNode(field: string, operators: unknown, path: readonly (string | number)[], sized: boolean): ExpressionObject {
  if (!isPlainMap(operators)) throw new UnrenderableFilter();
  const name = `#${field}`;
  const target = sized ? `size(${name})` : name;
  const nodes = definedEntries(operators).map(([operator, operand]) =>
    operator === 'size'
      ? // a nested `size` deepens the placeholder but never nests the call
        fieldNode(field, operand, [...path, 'size'], true)
      : operatorNode(target, operator, operand, `:${[...path, operator].join('_')}`),
  );
  const node = join(nodes, 'AND', true);
  return { ...node, expressionNames: { [name]: field, ...node.expressionNames } };
}

function operatorNode(target: string, operator: string, operand: unknown, placeholder: string): ExpressionObject {
  const leaf = (expression: string, expressionValues: Record<string, AttributeValueLike> = {}): ExpressionObject => ({
    expression,
    expressionNames: {},
    expressionValues,
  });
  if (has(COMPARISONS, operator))
    return leaf(`(${target} ${COMPARISONS[operator]} ${placeholder})`, { [placeholder]: toDynamoDB(operand) });
  if (has(FUNCTIONS, operator)) return leaf(`(${FUNCTIONS[operator]}(${target},${placeholder}))`, { [placeholder]: toDynamoDB(operand) });
  switch (operator) {
    case 'between': {
      // Bounds past the second are ignored; fewer than two cannot be rendered.
      if (!Array.isArray(operand) || operand.length < 2) throw new UnrenderableFilter();
      return leaf(`(${target} BETWEEN ${placeholder}_start AND ${placeholder}_end)`, {
        [`${placeholder}_start`]: toDynamoDB(operand[0]),
        [`${placeholder}_end`]: toDynamoDB(operand[1]),
      });
    }
    case 'in': {
      if (!Array.isArray(operand)) throw new UnrenderableFilter();
      // With no value AppSync renders this literal (which DynamoDB then refuses).
      if (operand.length === 0) return leaf('(null)');
      const names = operand.map((_, index) => `${placeholder}_${index}`);
      // The one list AppSync separates with a comma and a space.
      return leaf(`(${target} IN (${names.join(', ')}))`, Object.fromEntries(names.map((n, index) => [n, toDynamoDB(operand[index])])));
    }
    case 'attributeExists':
      if (typeof operand !== 'boolean') throw new UnrenderableFilter();
      return leaf(`(${operand ? 'attribute_exists' : 'attribute_not_exists'}(${target}))`);
    case 'attributeType': {
      if (typeof operand !== 'string' || !has(ATTRIBUTE_TYPES, operand)) throw new UnrenderableFilter();
      return leaf(`(attribute_type(${target},${placeholder}))`, { [placeholder]: toDynamoDB(ATTRIBUTE_TYPES[operand]) });
    }
    default:
      throw new UnrenderableFilter();
  }
}

/**
 * A filter or condition object as AppSync renders it, or `null` where AppSync renders nothing
 * (`util.transform` then returns null). The whole filter is never wrapped; every group below is.
 */
export function filterExpression(filter: unknown): ExpressionObject | null {
  try {
    return filterNode(filter, [], false);
  } catch (error) {
    if (error instanceof UnrenderableFilter) return null;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Update operations and update expressions

/**
 * What `operations.*` of `@aws-appsync/utils/dynamodb` return at run time on AppSync (recorded:
 * `operations.add(10)` is `{ type: 'OPERATION_ADD', value: 10 }`), not the `_type` the package's
 * type declarations describe.
 */
export type UpdateOperation =
  | { type: 'OPERATION_ADD'; value: unknown }
  | { type: 'OPERATION_REMOVE' }
  | { type: 'OPERATION_REPLACE'; value: unknown }
  | { type: 'OPERATION_INCREMENT'; by?: number }
  | { type: 'OPERATION_DECREMENT'; by?: number }
  | { type: 'OPERATION_APPEND'; items: unknown[] }
  | { type: 'OPERATION_PREPEND'; items: unknown[] }
  | { type: 'OPERATION_UPDATE_LIST_ITEM'; value: unknown; index: number };

const OPERATION_TYPES = new Set([
  'OPERATION_ADD',
  'OPERATION_REMOVE',
  'OPERATION_REPLACE',
  'OPERATION_INCREMENT',
  'OPERATION_DECREMENT',
  'OPERATION_APPEND',
  'OPERATION_PREPEND',
  'OPERATION_UPDATE_LIST_ITEM',
]);

export function isUpdateOperation(value: unknown): value is UpdateOperation {
  return isPlainMap(value) && typeof value.type === 'string' && OPERATION_TYPES.has(value.type);
}

const isListItemUpdates = (value: unknown): value is Extract<UpdateOperation, { type: 'OPERATION_UPDATE_LIST_ITEM' }>[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => isUpdateOperation(item) && item.type === 'OPERATION_UPDATE_LIST_ITEM');

/** increment()/decrement() without a step move by one. */
const step = (by: number | null | undefined): number => (by === undefined || by === null ? 1 : by);

type Render = (name: string, value: (v: unknown) => string) => string;

/** Allocates `#expName_N` per attribute name (one alias however often it appears), in order of first use. */
function nameAliases() {
  const aliases = new Map<string, string>();
  const alias = (attribute: string): string => {
    let known = aliases.get(attribute);
    if (known === undefined) {
      known = `#expName_${aliases.size + 1}`;
      aliases.set(attribute, known);
    }
    return known;
  };
  return {
    alias,
    /** A document path: each segment aliased, joined with '.'. */
    path: (segments: readonly string[]): string => segments.map(alias).join('.'),
    names: (): Record<string, string> => Object.fromEntries([...aliases].map(([attribute, known]) => [known, attribute])),
  };
}

/**
 * An update object as AppSync renders it: one `SET` list (in the order the attributes were
 * written) then one `REMOVE` list; aliases `#expName_N` and `:expValue_N` numbered in the order
 * they come out. Every write is a SET, `add` included (`SET #a = :v`, `#a = #a + :v`); a plain
 * value (null too) sets the attribute to it. A plain object updates only the members it names
 * (the package documents `replace` as the way to set a whole object instead).
 */
export function updateExpression(update: unknown): ExpressionObject {
  if (!isPlainMap(update)) throw new TypeError('update needs an object of attributes to change');
  const sets: { path: string[]; render: Render }[] = [];
  const removes: string[][] = [];
  const walk = (path: string[], change: unknown): void => {
    if (isListItemUpdates(change)) {
      for (const item of change) sets.push({ path, render: (name, value) => `${name}[${item.index}] = ${value(item.value)}` });
      return;
    }
    if (!isUpdateOperation(change)) {
      if (isPlainMap(change) && !isTypedSet(change) && Object.keys(change).length > 0) {
        for (const [member, memberChange] of definedEntries(change)) walk([...path, member], memberChange);
      } else {
        sets.push({ path, render: (name, value) => `${name} = ${value(change)}` });
      }
      return;
    }
    switch (change.type) {
      case 'OPERATION_ADD':
      case 'OPERATION_REPLACE':
        sets.push({ path, render: (name, value) => `${name} = ${value(change.value)}` });
        return;
      case 'OPERATION_APPEND':
        sets.push({ path, render: (name, value) => `${name} = list_append(${name}, ${value(change.items)})` });
        return;
      case 'OPERATION_PREPEND':
        sets.push({ path, render: (name, value) => `${name} = list_append(${value(change.items)}, ${name})` });
        return;
      case 'OPERATION_INCREMENT':
        sets.push({ path, render: (name, value) => `${name} = ${name} + ${value(step(change.by))}` });
        return;
      case 'OPERATION_DECREMENT':
        sets.push({ path, render: (name, value) => `${name} = ${name} - ${value(step(change.by))}` });
        return;
      case 'OPERATION_UPDATE_LIST_ITEM':
        sets.push({ path, render: (name, value) => `${name}[${change.index}] = ${value(change.value)}` });
        return;
      case 'OPERATION_REMOVE':
        removes.push(path);
        return;
    }
  };
  for (const [attribute, change] of definedEntries(update)) walk([attribute], change);

  const names = nameAliases();
  const expressionValues: Record<string, AttributeValueLike> = {};
  const value = (v: unknown): string => {
    const placeholder = `:expValue_${Object.keys(expressionValues).length + 1}`;
    expressionValues[placeholder] = toDynamoDBItemValue(v);
    return placeholder;
  };
  const clauses: string[] = [];
  if (sets.length > 0) clauses.push(`SET ${sets.map(({ path, render }) => render(names.path(path), value)).join(', ')}`);
  if (removes.length > 0) clauses.push(`REMOVE ${removes.map((path) => names.path(path)).join(', ')}`);
  return { expression: clauses.join(' '), expressionNames: names.names(), expressionValues };
}

// ---------------------------------------------------------------------------------------------
// Projections

/**
 * `['id', 'nested.field']` → `#expName_1, #expName_2.#expName_3`: one alias per distinct path
 * segment. A list index stays outside the alias (`#expName_1[1]`), as DynamoDB requires.
 */
export function projectionExpression(paths: readonly string[]): ProjectionObject {
  const names = nameAliases();
  const expression = paths
    .map((path) =>
      path
        .split('.')
        .map((segment) => {
          const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(segment);
          return match === null ? names.alias(segment) : `${names.alias(match[1] ?? '')}${match[2] ?? ''}`;
        })
        .join('.'),
    )
    .join(', ');
  return { expression, expressionNames: names.names() };
}

/**
 * Condition, filter, key-condition, projection and update expressions, built from AppSync's
 * JavaScript objects (`{ title: { contains: 'x' } }`, `operations.increment(1)`...) into
 * `{ expression, expressionNames, expressionValues }` as AppSync's request objects carry them.
 *
 * Placeholders follow AppSync's documented naming (`#title`, `:title_contains`). One
 * `Placeholders` is shared by every expression of a request (a Query's key condition, filter and
 * projection are merged into one DynamoDB call), so no two placeholders can collide, and each
 * expression lists only the names and values it uses.
 */
import { isPlainMap, isTypedSet, toDynamoDBItemValue, type AttributeValueLike } from './attributeValues.js';

export interface ExpressionObject {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues: Record<string, AttributeValueLike>;
}

export interface ProjectionObject {
  expression: string;
  expressionNames: Record<string, string>;
}

/** Placeholder allocation for one request: stable per attribute name, unique per value. */
export class Placeholders {
  private readonly byAttribute = new Map<string, string>();
  private readonly taken = new Set<string>();

  name(attribute: string): string {
    const known = this.byAttribute.get(attribute);
    if (known !== undefined) return known;
    const placeholder = this.claim(`#${sanitize(attribute)}`);
    this.byAttribute.set(attribute, placeholder);
    return placeholder;
  }

  value(base: string): string {
    return this.claim(`:${sanitize(base)}`);
  }

  private claim(wanted: string): string {
    let candidate = wanted;
    for (let n = 1; this.taken.has(candidate); n += 1) candidate = `${wanted}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** DynamoDB placeholders allow only letters, digits and '_' after the '#' or ':'. */
function sanitize(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9_]/g, '_');
  return clean.length > 0 ? clean : 'attr';
}

/** Collects the names and values one expression uses. */
class Collector {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValueLike> = {};

  constructor(private readonly placeholders: Placeholders) {}

  path(segments: readonly string[]): string {
    return segments.map((segment) => this.name(segment)).join('.');
  }

  name(attribute: string): string {
    const placeholder = this.placeholders.name(attribute);
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(base: string, value: unknown): string {
    const placeholder = this.placeholders.value(base);
    this.values[placeholder] = toDynamoDBItemValue(value);
    return placeholder;
  }

  result(expression: string): ExpressionObject {
    return { expression, expressionNames: this.names, expressionValues: this.values };
  }
}

const COMPARATORS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const FUNCTIONS: Record<string, string> = { contains: 'contains', notContains: 'NOT contains', beginsWith: 'begins_with' };
const KEY_OPERATORS = new Set(['eq', 'lt', 'le', 'gt', 'ge', 'between', 'beginsWith']);
/** `attributeType` names from @aws-appsync/utils, to DynamoDB's type codes. */
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
const FIELD_OPERATORS = new Set([
  ...Object.keys(COMPARATORS),
  ...Object.keys(FUNCTIONS),
  'between',
  'in',
  'attributeExists',
  'attributeType',
  'size',
]);

/** Several terms as one condition: parenthesised when more than one, so precedence cannot change it. */
function group(terms: readonly string[], joiner: 'AND' | 'OR'): string {
  if (terms.length === 1) return terms[0] ?? '';
  return `(${terms.join(` ${joiner} `)})`;
}

function pair(value: unknown, what: string): [unknown, unknown] {
  if (!Array.isArray(value) || value.length !== 2) throw new TypeError(`${what} needs an array of two values`);
  return [value[0], value[1]];
}

/** The terms of one filter object, to be ANDed (AppSync's default operator). */
function filterTerms(filter: unknown, c: Collector): string[] {
  if (!isPlainMap(filter)) throw new TypeError('a DynamoDB filter or condition must be an object');
  const terms: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or') {
      const parts = (Array.isArray(value) ? value : [value])
        .map((sub) => filterTerms(sub, c))
        .filter((subTerms) => subTerms.length > 0)
        .map((subTerms) => group(subTerms, 'AND'));
      if (parts.length > 0) terms.push(group(parts, key === 'and' ? 'AND' : 'OR'));
    } else if (key === 'not') {
      const inner = filterTerms(value, c);
      if (inner.length > 0) terms.push(`NOT (${inner.join(' AND ')})`);
    } else {
      const fieldTerms = fieldConditionTerms([key], value, c);
      if (fieldTerms.length > 0) terms.push(group(fieldTerms, 'AND'));
    }
  }
  return terms;
}

/** `{ eq: 1, size: { gt: 2 }, nested: { beginsWith: 'a' } }` for the attribute at `path`. */
function fieldConditionTerms(path: string[], operators: unknown, c: Collector): string[] {
  if (!isPlainMap(operators)) {
    throw new TypeError(`the condition on '${path.join('.')}' must be an object of operators such as { eq: value }`);
  }
  const terms: string[] = [];
  const base = path.join('_');
  for (const [op, arg] of Object.entries(operators)) {
    if (arg === undefined) continue;
    if (!FIELD_OPERATORS.has(op)) {
      // Not an operator: a member of a map attribute (document path `#a.#b`).
      terms.push(...fieldConditionTerms([...path, op], arg, c));
      continue;
    }
    const operand = c.path(path);
    if (op === 'size') {
      if (!isPlainMap(arg)) throw new TypeError(`size on '${path.join('.')}' needs comparison operators`);
      terms.push(...comparisonTerms(`size(${operand})`, `${base}_size`, arg, c));
    } else if (op === 'attributeExists') {
      terms.push(arg ? `attribute_exists(${operand})` : `attribute_not_exists(${operand})`);
    } else if (op === 'attributeType') {
      const code = ATTRIBUTE_TYPES[String(arg)] ?? String(arg);
      terms.push(`attribute_type(${operand}, ${c.value(`${base}_attributeType`, code)})`);
    } else if (op in FUNCTIONS) {
      terms.push(`${FUNCTIONS[op]}(${operand}, ${c.value(`${base}_${op}`, arg)})`);
    } else {
      terms.push(...comparisonTerms(operand, base, { [op]: arg }, c));
    }
  }
  return terms;
}

/** eq/ne/lt/le/gt/ge/between/in against an operand (an attribute path or `size(path)`). */
function comparisonTerms(operand: string, base: string, operators: Record<string, unknown>, c: Collector): string[] {
  const terms: string[] = [];
  for (const [op, arg] of Object.entries(operators)) {
    if (arg === undefined) continue;
    const symbol = COMPARATORS[op];
    if (symbol !== undefined) {
      terms.push(`${operand} ${symbol} ${c.value(`${base}_${op}`, arg)}`);
    } else if (op === 'between') {
      const [low, high] = pair(arg, `between on ${base}`);
      terms.push(`${operand} BETWEEN ${c.value(`${base}_between_0`, low)} AND ${c.value(`${base}_between_1`, high)}`);
    } else if (op === 'in') {
      if (!Array.isArray(arg) || arg.length === 0) throw new TypeError(`in on ${base} needs a non-empty array`);
      terms.push(`${operand} IN (${arg.map((member, i) => c.value(`${base}_in_${i}`, member)).join(', ')})`);
    } else {
      throw new TypeError(`'${op}' is not a comparison operator`);
    }
  }
  return terms;
}

/** A condition or filter expression (`util.transform.toDynamoDB{Condition,Filter}Expression`). */
export function conditionExpression(filter: unknown, placeholders = new Placeholders()): ExpressionObject {
  const c = new Collector(placeholders);
  return c.result(filterTerms(filter, c).join(' AND '));
}

/**
 * A Query's key condition: equality on the partition key, at most one of eq/lt/le/gt/ge/between/
 * beginsWith on the sort key. Flat `a AND b`, the only shape DynamoDB takes.
 */
export function keyConditionExpression(query: unknown, placeholders: Placeholders): ExpressionObject {
  if (!isPlainMap(query)) throw new TypeError('query needs a key condition object');
  const c = new Collector(placeholders);
  const terms: string[] = [];
  for (const [field, operators] of Object.entries(query)) {
    if (operators === undefined || operators === null) continue;
    if (!isPlainMap(operators)) throw new TypeError(`the key condition on '${field}' must be an object such as { eq: value }`);
    const used = Object.entries(operators).filter(([, arg]) => arg !== undefined);
    if (used.length !== 1) throw new TypeError(`the key condition on '${field}' needs exactly one operator`);
    const [op, arg] = used[0] as [string, unknown];
    if (!KEY_OPERATORS.has(op)) throw new TypeError(`'${op}' cannot be used in a key condition`);
    const name = c.name(field);
    if (op === 'beginsWith') {
      terms.push(`begins_with(${name}, ${c.value(`${field}_beginsWith`, arg)})`);
    } else {
      terms.push(...comparisonTerms(name, field, { [op]: arg }, c));
    }
  }
  if (terms.length === 0 || terms.length > 2) throw new TypeError('a key condition names the partition key and at most the sort key');
  return c.result(terms.join(' AND '));
}

/** `['id', 'author.name', 'tags[1]']` → `#id, #author.#name, #tags[1]`. */
export function projectionExpression(paths: readonly string[], placeholders: Placeholders): ProjectionObject {
  const c = new Collector(placeholders);
  const parts = paths.map((path) =>
    path
      .split('.')
      .map((segment) => {
        const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(segment);
        if (match === null) throw new TypeError(`'${path}' is not a projection path`);
        return `${c.name(match[1] ?? '')}${match[2] ?? ''}`;
      })
      .join('.'),
  );
  return { expression: parts.join(', '), expressionNames: c.names };
}

/** What `operations.*` of `@aws-appsync/utils/dynamodb` return: plain tagged objects. */
export type UpdateOperation =
  | { _type: 'add'; value: unknown }
  | { _type: 'remove' }
  | { _type: 'replace'; value: unknown }
  | { _type: 'increment'; by: number }
  | { _type: 'decrement'; by: number }
  | { _type: 'append'; items: unknown[] }
  | { _type: 'prepend'; items: unknown[] }
  | { _type: 'updateListItem'; value: unknown; index: number };

const OPERATION_TYPES = new Set(['add', 'remove', 'replace', 'increment', 'decrement', 'append', 'prepend', 'updateListItem']);

export function isUpdateOperation(value: unknown): value is UpdateOperation {
  return isPlainMap(value) && typeof value._type === 'string' && OPERATION_TYPES.has(value._type);
}

/**
 * An update expression from an update object. Plain values SET (a plain object updates only the
 * members it names, as AppSync's helper does; `replace` sets the whole value); `remove` REMOVEs;
 * `increment`/`decrement` and `add` of a set use ADD (which, unlike `SET a = a + :n`, also works
 * when the attribute does not exist yet); `append`/`prepend` use list_append; an array of
 * `updateListItem` sets list elements by index.
 */
export function updateExpression(update: unknown, placeholders: Placeholders): ExpressionObject {
  if (!isPlainMap(update)) throw new TypeError('update needs an object of attributes to change');
  const c = new Collector(placeholders);
  const set: string[] = [];
  const remove: string[] = [];
  const add: string[] = [];

  const walk = (path: string[], value: unknown): void => {
    if (value === undefined) return;
    const name = c.path(path);
    const base = path.join('_');
    if (isUpdateOperation(value)) {
      switch (value._type) {
        case 'remove':
          remove.push(name);
          return;
        case 'add':
          if (isTypedSet(value.value)) add.push(`${name} ${c.value(`${base}_add`, value.value)}`);
          else set.push(`${name} = ${c.value(`${base}_add`, value.value)}`);
          return;
        case 'replace':
          set.push(`${name} = ${c.value(`${base}_replace`, value.value)}`);
          return;
        case 'increment':
          add.push(`${name} ${c.value(`${base}_increment`, value.by)}`);
          return;
        case 'decrement':
          add.push(`${name} ${c.value(`${base}_decrement`, -value.by)}`);
          return;
        case 'append':
          set.push(`${name} = list_append(${name}, ${c.value(`${base}_append`, value.items)})`);
          return;
        case 'prepend':
          set.push(`${name} = list_append(${c.value(`${base}_prepend`, value.items)}, ${name})`);
          return;
        case 'updateListItem':
          set.push(`${name}[${value.index}] = ${c.value(`${base}_${value.index}`, value.value)}`);
          return;
      }
    }
    if (Array.isArray(value) && value.length > 0 && value.every(isUpdateOperation)) {
      for (const item of value) {
        if (item._type !== 'updateListItem') throw new TypeError(`only updateListItem can be listed for '${path.join('.')}'`);
        set.push(`${name}[${item.index}] = ${c.value(`${base}_${item.index}`, item.value)}`);
      }
      return;
    }
    if (isPlainMap(value) && !isTypedSet(value) && Object.keys(value).length > 0) {
      for (const [key, member] of Object.entries(value)) walk([...path, key], member);
      return;
    }
    set.push(`${name} = ${c.value(base, value)}`);
  };

  for (const [key, value] of Object.entries(update)) walk([key], value);
  const clauses = [
    set.length > 0 ? `SET ${set.join(', ')}` : '',
    remove.length > 0 ? `REMOVE ${remove.join(', ')}` : '',
    add.length > 0 ? `ADD ${add.join(', ')}` : '',
  ].filter((clause) => clause !== '');
  if (clauses.length === 0) throw new TypeError('update changes nothing');
  return c.result(clauses.join(' '));
}

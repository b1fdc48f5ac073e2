/**
 * How Java writes the values that end up inside AppSync's GraphQL error messages. AppSync's
 * GraphQL layer is graphql-java (its recorded sentences match graphql-java 9.x word for word:
 * docs/fidelity.md, "GraphQL-level errors"), so a message quotes Java's `toString` of
 * an AST value (`ObjectValue{objectFields=[…]}`), of a `HashSet` (`[a, b]`, in hash order), of a
 * `BigDecimal` literal (`1E+3`) and of the variables' JSON as Jackson reads it (`Integer`,
 * `Double`, `LinkedHashMap`).
 * Sources: graphql-java v9.6 src/main/java/graphql/language/{ObjectValue,ObjectField,StringValue,
 * IntValue,FloatValue,ArrayValue,BooleanValue,NullValue,EnumValue,VariableReference}.java (toString),
 * OpenJDK's java.util.HashMap (bucket = (h ^ h >>> 16) & (capacity - 1), capacity 16 doubled past
 * 3/4 full), java.lang.Double.toString and java.math.BigDecimal.toString.
 */
import { Kind, type ValueNode } from 'graphql';

/** `java.lang.String.hashCode()`. */
export function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

/** The order a `java.util.HashSet<String>` filled in this order iterates in. */
export function javaHashSetOrder(items: readonly string[]): string[] {
  let capacity = 16;
  while (items.length > capacity * 0.75) capacity *= 2;
  const bucket = (text: string): number => {
    const h = javaStringHash(text);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return items
    .map((text, index) => ({ text, index, bucket: bucket(text) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.text);
}

/** `AbstractCollection.toString()`: `[a, b]`. */
export const javaList = (items: readonly string[]): string => `[${items.join(', ')}]`;

/** `java.math.BigDecimal.toString()` of `new BigDecimal(literal)` (a GraphQL float literal). */
export function javaBigDecimal(literal: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!match) return literal;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  const scale = fraction.length - Number(exponentText);
  const adjusted = -scale + (digits.length - 1);
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + digits;
    const padded = digits.padStart(scale + 1, '0');
    return `${sign}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** `java.lang.Double.toString(double)`. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** graphql-java's `toString()` of a literal in the document: `ObjectValue{objectFields=[…]}`. */
export function javaAstValue(node: ValueNode): string {
  switch (node.kind) {
    case Kind.INT:
      return `IntValue{value=${BigInt(node.value).toString()}}`;
    case Kind.FLOAT:
      return `FloatValue{value=${javaBigDecimal(node.value)}}`;
    case Kind.STRING:
      return `StringValue{value='${node.value}'}`;
    case Kind.BOOLEAN:
      return `BooleanValue{value=${String(node.value)}}`;
    case Kind.NULL:
      return 'NullValue{}';
    case Kind.ENUM:
      return `EnumValue{name='${node.value}'}`;
    case Kind.VARIABLE:
      return `VariableReference{name='${node.name.value}'}`;
    case Kind.LIST:
      return `ArrayValue{values=${javaList(node.values.map(javaAstValue))}}`;
    case Kind.OBJECT:
      return `ObjectValue{objectFields=${javaList(node.fields.map((f) => `ObjectField{name='${f.name.value}', value=${javaAstValue(f.value)}}`))}}`;
  }
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** The class Jackson gives a JSON value (`getClass().getSimpleName()`), as graphql-java names it in messages. */
export function javaTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'Double';
    if (value >= INT_MIN && value <= INT_MAX) return 'Integer';
    return Number.isSafeInteger(value) ? 'Long' : 'BigInteger';
  }
  return Array.isArray(value) ? 'ArrayList' : 'LinkedHashMap';
}

/** `String.valueOf(value)` of a JSON value as Jackson reads it (`{a=1}`, `[1, 2]`, `5.5`, `1000.0`). */
export function javaToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : javaDouble(value);
  if (Array.isArray(value)) return javaList(value.map(javaToString));
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}=${javaToString(v)}`)
    .join(', ')}}`;
}

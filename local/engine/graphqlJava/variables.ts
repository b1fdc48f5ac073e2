/**
 * The request's variables coerced to the operation's variable types as graphql-java 9.x does it
 * (ValuesResolver.coerceArgumentValues and the built-in scalars' parseValue), with its sentences:
 * - a null, or a missing non-null field anywhere inside an input object: "Variable 'input' has
 *   coerced Null value for NonNull type 'Float!'" (the variable's name, the innermost type) —
 *   recorded from AppSync in aws-appsync-community#406 and #322, amplify-flutter#4915 (location:
 *   the variable's definition);
 * - a field the input type does not have: "The variables input contains a field that is not
 *   defined for input object type 'CreateOrderInput' " (AppSync leaves out the field's name that
 *   graphql-java puts in, and keeps the trailing space; `locations: null`) — recorded in
 *   aws-appsync-community#273;
 * - a value its scalar refuses: "Variable 'limit' has an invalid value. Expected type 'Int' but was
 *   'String'." — inferred (graphql-java v9.6 ValuesResolver.coerceValue and Scalars.java); inside an
 *   input object the name is the field's (graphql-java passes the field's name down).
 * graphql-java 9's scalars are lenient where the GraphQL spec is not: its String takes any value
 * and writes it as Java would (42 → "42"), its Int and Float take numeric strings ("5"). Whether
 * AppSync keeps that leniency is not recorded, so the local runtime refuses those values, in
 * graphql-java's words for a refused value: stricter, so a client that works here works there
 * (docs/fidelity.md; smoke/protocol/answers.json replays one such request on AWS).
 * Source: graphql-java v9.6 src/main/java/graphql/execution/{ValuesResolver,
 * NonNullableValueCoercedAsNullException,InputMapDefinesTooManyFieldsException}.java,
 * src/main/java/graphql/Scalars.java.
 */
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  valueFromAST,
  type GraphQLInputType,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { isJsonObject } from '../../jsonObject.js';
import type { GraphQLJavaError, JavaLocation } from './errors.js';
import { javaToString, javaTypeName } from './javaText.js';
import type { SchemaView } from './traversal.js';

/** A coercion failure: graphql-java throws, AppSync answers `{data: null, errors: [this]}`. */
class CoercionFailure extends Error {
  constructor(
    message: string,
    readonly locations: JavaLocation[] | null,
  ) {
    super(message);
  }
}

/** A scalar's parseValue refused the value (wrapped as "Variable 'x' has an invalid value. …"). */
class ParseValueFailure extends Error {}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** The built-in scalars, as the GraphQL spec coerces input (graphql-js's rules), refused in graphql-java's words. */
function parseScalarValue(name: string, value: unknown): unknown {
  const refuse = (): never => {
    throw new ParseValueFailure(`Expected type '${name}' but was '${javaTypeName(value)}'.`);
  };
  switch (name) {
    case 'String':
      return typeof value === 'string' ? value : refuse();
    case 'Int':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX ? value : refuse();
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value) ? value : refuse();
    case 'Boolean':
      return typeof value === 'boolean' ? value : refuse();
    case 'ID':
      return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value)) ? String(value) : refuse();
    default:
      return value;
  }
}

interface Walk {
  view: SchemaView;
  definition: VariableDefinitionNode;
  location: JavaLocation;
}

function coerceValue(walk: Walk, inputName: string, type: GraphQLInputType, value: unknown): unknown {
  try {
    if (isNonNullType(type)) {
      const result = coerceValue(walk, inputName, type.ofType, value);
      if (result === null || result === undefined) {
        throw new CoercionFailure(
          `Variable '${walk.definition.variable.name.value}' has coerced Null value for NonNull type '${String(type)}'`,
          [walk.location],
        );
      }
      return result;
    }
    if (value === null || value === undefined) return null;
    if (isScalarType(type)) return parseScalarValue(type.name, value);
    if (isEnumType(type)) {
      const match = typeof value === 'string' ? type.getValue(value) : undefined;
      if (!match) throw new ParseValueFailure(`Invalid input for Enum '${type.name}'. No value found for name ${javaToString(value)}`);
      return match.name;
    }
    if (isListType(type)) {
      const items = Array.isArray(value) ? value : [value];
      return items.map((item) => coerceValue(walk, inputName, type.ofType, item));
    }
    if (!isInputObjectType(type)) return value;
    if (!isJsonObject(value)) {
      throw new ParseValueFailure(
        `Expected type 'Map' but was '${javaTypeName(value)}'. Variables for input objects must be an instance of type 'Map'.`,
      );
    }
    const fields = type.getFields();
    for (const name of Object.keys(value)) {
      if (!(name in fields)) {
        throw new CoercionFailure(`The variables input contains a field that is not defined for input object type '${type.name}' `, null);
      }
    }
    const result: Record<string, unknown> = {};
    for (const field of Object.values(fields)) {
      if (!(field.name in value) && field.defaultValue === undefined && !isNonNullType(field.type)) continue;
      const coerced = coerceValue(walk, field.name, field.type, value[field.name]);
      result[field.name] = coerced ?? field.defaultValue ?? null;
    }
    return result;
  } catch (error) {
    if (!(error instanceof ParseValueFailure)) throw error;
    throw new CoercionFailure(`Variable '${inputName}' has an invalid value. ${error.message}`, [walk.location]);
  }
}

/** The operation's variables coerced (only those it declares and the request gave, or that have a default), or the error. */
export function coerceVariables(
  view: SchemaView,
  operation: OperationDefinitionNode,
  given: Readonly<Record<string, unknown>>,
  locate: (node: VariableDefinitionNode) => JavaLocation,
): { values: Record<string, unknown> } | { error: GraphQLJavaError } {
  const values: Record<string, unknown> = {};
  try {
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const type = view.typeFromAst(definition.type) as GraphQLInputType;
      const walk: Walk = { view, definition, location: locate(definition) };
      const value = given[name];
      if (!(name in given) || (value === null && definition.defaultValue)) {
        if (definition.defaultValue) values[name] = valueFromAST(definition.defaultValue, type);
        else if (isNonNullType(type)) coerceValue(walk, name, type, null);
        continue;
      }
      values[name] = coerceValue(walk, name, type, value);
    }
  } catch (error) {
    if (!(error instanceof CoercionFailure)) throw error;
    return { error: { path: null, locations: error.locations, message: error.message } };
  }
  return { values };
}

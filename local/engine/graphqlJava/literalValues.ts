/**
 * Whether a literal in the document fits its input type, and graphql-java's sentence when it does
 * not: "argument 'input' with value 'ObjectValue{…}' is missing required fields '[store_id]'".
 * Sources, graphql-java v9.6: src/main/java/graphql/validation/{ValidationUtil,ArgumentValidationUtil}.java,
 * src/main/java/graphql/Scalars.java (parseLiteral of Int, Float, String, Boolean, ID). Recorded
 * AppSync answers of this form: aws-appsync-community#273 (missing required fields),
 * awslabs/aws-mobile-appsync-sdk-js#554 ("is not a valid 'AWSJSON'", no detail after the type name).
 */
import {
  Kind,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLScalarType,
  type ValueNode,
} from 'graphql';
import { javaAstValue, javaHashSetOrder, javaList } from './javaText.js';

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;

/** graphql-java's parseLiteral of the built-in scalars; AppSync's own scalars are left to graphql-js's. */
function scalarAccepts(type: GraphQLScalarType, node: ValueNode): boolean {
  switch (type.name) {
    case 'Int':
      return node.kind === Kind.INT && BigInt(node.value) >= INT_MIN && BigInt(node.value) <= INT_MAX;
    case 'Float':
      return node.kind === Kind.INT || node.kind === Kind.FLOAT;
    case 'String':
      return node.kind === Kind.STRING;
    case 'Boolean':
      return node.kind === Kind.BOOLEAN;
    case 'ID':
      return node.kind === Kind.STRING || node.kind === Kind.INT;
    default:
      try {
        return type.parseLiteral(node, undefined) !== undefined;
      } catch {
        return false;
      }
  }
}

/** ArgumentValidationUtil's state as the check unwinds: where it failed and why. */
interface Problem {
  path: string[];
  value: ValueNode | undefined;
  reason: string | null;
}

/**
 * ValidationUtil.isValidLiteralValue. Returns null when the literal fits, else the problem
 * (`value` is the argument's whole value unless a null, scalar or enum was the culprit).
 */
export function literalProblem(node: ValueNode | undefined, type: GraphQLInputType): Problem | null {
  const problem: Problem = { path: [], value: undefined, reason: null };
  return check(node, type, problem) ? null : problem;
}

function check(node: ValueNode | undefined, type: GraphQLInputType, problem: Problem): boolean {
  if (node === undefined || node.kind === Kind.NULL) {
    if (!isNonNullType(type)) return true;
    problem.reason = 'must not be null';
    problem.value = node;
    return false;
  }
  if (node.kind === Kind.VARIABLE) return true;
  if (isNonNullType(type)) return check(node, type.ofType, problem);
  if (isScalarType(type) || isEnumType(type)) {
    const valid = isScalarType(type) ? scalarAccepts(type, node) : enumAccepts(type.getValues(), node);
    if (!valid) {
      problem.reason = `is not a valid '${type.name}'`;
      problem.value = node;
    }
    return valid;
  }
  if (isListType(type)) {
    if (node.kind !== Kind.LIST) return check(node, type.ofType, problem);
    for (const [index, item] of node.values.entries()) {
      if (!check(item, type.ofType, problem)) {
        problem.path.unshift(`[${index}]`);
        return false;
      }
    }
    return true;
  }
  if (!isInputObjectType(type)) return false;
  if (node.kind !== Kind.OBJECT) {
    problem.reason = 'must be an object type';
    return false;
  }
  const given = new Set(node.fields.map((f) => f.name.value));
  const fields = type.getFields();
  const missing = Object.values(fields)
    .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined && !given.has(f.name))
    .map((f) => f.name);
  if (missing.length > 0) {
    problem.reason = `is missing required fields '${javaList(javaHashSetOrder(missing))}'`;
    return false;
  }
  for (const field of node.fields) {
    const def = fields[field.name.value];
    if (!def) {
      problem.reason = `contains a field not in '${type.name}': '${field.name.value}'`;
      return false;
    }
    if (!check(field.value, def.type, problem)) {
      problem.path.unshift(field.name.value);
      return false;
    }
  }
  return true;
}

function enumAccepts(values: readonly { name: string }[], node: ValueNode): boolean {
  return node.kind === Kind.ENUM && values.some((v) => v.name === node.value);
}

/** ArgumentValidationUtil.getMessage: "argument 'input.store_id' with value 'IntValue{value=5}' is not a valid 'String'". */
export function argumentProblemText(argumentName: string, argumentValue: ValueNode, problem: Problem): string {
  const where = argumentName + problem.path.map((p) => (p.startsWith('[') ? p : `.${p}`)).join('');
  return `argument '${where}' with value '${javaAstValue(problem.value ?? argumentValue)}' ${problem.reason ?? 'null'}`;
}

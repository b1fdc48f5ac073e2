/**
 * graphql-java's validation rules, in the order its Validator runs them, each with its own
 * sentence. Source: graphql-java v9.6, src/main/java/graphql/validation/Validator.java (the order)
 * and src/main/java/graphql/validation/rules/*.java (one file per rule below). The version: AppSync's
 * recorded sentences ("Validation error of type FieldUndefined: … @ 'badfield'", "is not a valid
 * 'AWSJSON'" with nothing after it, "Variable 'input' has coerced Null value for NonNull type
 * 'String!'" for a field inside the variable) are graphql-java 9.x's; later releases word them
 * differently. Which rules AppSync runs is inferred from that release.
 */
import {
  Kind,
  isCompositeType,
  isEnumType,
  isInputType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  getNamedType,
  GraphQLNonNull,
  type ASTNode,
  type DirectiveNode,
  type FieldNode,
  type FragmentSpreadNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLType,
  type TypeNode,
  type VariableDefinitionNode,
} from 'graphql';
import { javaAstValue } from './javaText.js';
import { argumentProblemText, literalProblem } from './literalValues.js';
import { overlappingFieldsCanBeMerged } from './overlappingFields.js';
import { children as nodeChildren, type Rule, type ValidationContext } from './traversal.js';

/** `GraphQLType.getName()` in graphql-java 9: a list or non-null wrapper has none ("null"). */
export const javaTypeName = (type: GraphQLType): string => (isNonNullType(type) || isListType(type) ? 'null' : type.name);

const executableDefinitions = (c: ValidationContext): Rule => ({
  document(node) {
    for (const d of node.definitions) {
      if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) continue;
      const name = 'name' in d && d.name ? d.name.value : d.kind === Kind.SCHEMA_DEFINITION ? 'schema' : 'provided';
      c.report(
        'NonExecutableDefinition',
        [d],
        `The ${d.kind === Kind.DIRECTIVE_DEFINITION ? 'provided' : name} definition is not executable.`,
      );
    }
  },
});

const argumentsOfCorrectType = (c: ValidationContext): Rule => ({
  argument(node) {
    const arg = c.traversal.argument();
    if (!arg) return;
    const problem = literalProblem(node.value, arg.type);
    if (problem) c.report('WrongType', [node], argumentProblemText(node.name.value, node.value, problem));
  },
});

const fieldsOnCorrectType = (c: ValidationContext): Rule => ({
  field(node) {
    const parent = c.traversal.parentType();
    if (!parent || c.traversal.fieldDef()) return;
    c.report('FieldUndefined', [node], `Field '${node.name.value}' in type '${parent.name}' is undefined`);
  },
});

const fragmentsOnCompositeType = (c: ValidationContext): Rule => ({
  inlineFragment(node) {
    const type = node.typeCondition && c.view.getType(node.typeCondition.name.value);
    if (type && !isCompositeType(type)) {
      c.report(
        'InlineFragmentTypeConditionInvalid',
        [node],
        'Inline fragment type condition is invalid, must be on Object/Interface/Union',
      );
    }
  },
  fragmentDefinition(node) {
    const type = c.view.getType(node.typeCondition.name.value);
    if (type && !isCompositeType(type)) {
      c.report('FragmentTypeConditionInvalid', [node], 'Fragment type condition is invalid, must be on Object/Interface/Union');
    }
  },
});

const knownArgumentNames = (c: ValidationContext): Rule => ({
  argument(node) {
    const directive = c.traversal.directive();
    if (directive) {
      if (!directive.args.some((a) => a.name === node.name.value)) {
        c.report('UnknownDirective', [node], `Unknown directive argument ${node.name.value}`);
      }
      return;
    }
    const field = c.traversal.fieldDef();
    if (field && !field.args.some((a) => a.name === node.name.value)) {
      c.report('UnknownArgument', [node], `Unknown field argument ${node.name.value}`);
    }
  },
});

/** KnownDirectives.hasInvalidLocation: every operation but a query is checked against MUTATION. */
function misplaced(locations: readonly string[], ancestor: ASTNode | undefined): boolean {
  switch (ancestor?.kind) {
    case Kind.OPERATION_DEFINITION:
      return !locations.includes(ancestor.operation === 'query' ? 'QUERY' : 'MUTATION');
    case Kind.FIELD:
      return !locations.includes('FIELD');
    case Kind.FRAGMENT_SPREAD:
      return !locations.includes('FRAGMENT_SPREAD');
    case Kind.FRAGMENT_DEFINITION:
      return !locations.includes('FRAGMENT_DEFINITION');
    case Kind.INLINE_FRAGMENT:
      return !locations.includes('INLINE_FRAGMENT');
    default:
      return true;
  }
}

const knownDirectives = (c: ValidationContext): Rule => ({
  directive(node, ancestors) {
    const directive = c.view.getDirective(node.name.value);
    if (!directive) return c.report('UnknownDirective', [node], `Unknown directive ${node.name.value}`);
    if (misplaced(directive.locations, ancestors[ancestors.length - 1])) {
      c.report('MisplacedDirective', [node], `Directive ${node.name.value} not allowed here`);
    }
  },
});

const knownFragmentNames = (c: ValidationContext): Rule => ({
  fragmentSpread(node) {
    if (!c.fragments.has(node.name.value)) c.report('UndefinedFragment', [node], `Undefined fragment ${node.name.value}`);
  },
});

const knownTypeNames = (c: ValidationContext): Rule => ({
  typeName(node) {
    if (!c.view.getType(node.name.value)) c.report('UnknownType', [node], `Unknown type ${node.name.value}`);
  },
});

/** Every spread inside a node, in walk order. */
function spreadsIn(node: ASTNode, out: FragmentSpreadNode[] = []): FragmentSpreadNode[] {
  if (node.kind === Kind.FRAGMENT_SPREAD) out.push(node);
  for (const child of nodeChildren(node)) spreadsIn(child, out);
  return out;
}

const noFragmentCycles = (c: ValidationContext): Rule => {
  const spreads = new Map<string, FragmentSpreadNode[]>();
  for (const [name, fragment] of c.fragments) spreads.set(name, spreadsIn(fragment));
  const detect = (name: string, initial: string, path: FragmentSpreadNode[]): void => {
    for (const spread of spreads.get(name) ?? []) {
      if (spread.name.value === initial) {
        c.report('FragmentCycle', [...path], 'Fragment cycles not allowed');
        continue;
      }
      if (path.includes(spread)) continue;
      path.push(spread);
      detect(spread.name.value, initial, path);
      path.pop();
    }
  };
  return { fragmentDefinition: (node) => detect(node.name.value, node.name.value, []) };
};

const noUndefinedVariables = (c: ValidationContext): Rule => {
  const defined = new Set<string>();
  return {
    visitsFragmentSpreads: true,
    operationDefinition: () => defined.clear(),
    variableDefinition: (node) => void defined.add(node.variable.name.value),
    variable(node) {
      if (!defined.has(node.name.value)) c.report('UndefinedVariable', [node], `Undefined variable ${node.name.value}`);
    },
  };
};

const noUnusedFragments = (c: ValidationContext): Rule => {
  const declared: ASTNode[] = [];
  const byOperation: string[][] = [];
  const inDefinition = new Map<string, string[]>();
  let used: string[] = [];
  const collect = (into: string[], name: string): void => {
    if (into.includes(name)) return;
    into.push(name);
    for (const inner of inDefinition.get(name) ?? []) collect(into, inner);
  };
  return {
    operationDefinition() {
      used = [];
      byOperation.push(used);
    },
    fragmentSpread: (node) => void used.push(node.name.value),
    fragmentDefinition(node) {
      declared.push(node);
      used = [];
      inDefinition.set(node.name.value, used);
    },
    documentFinished() {
      const all: string[] = [];
      for (const names of byOperation) for (const name of names) collect(all, name);
      for (const fragment of declared) {
        if (fragment.kind !== Kind.FRAGMENT_DEFINITION || all.includes(fragment.name.value)) continue;
        c.report('UnusedFragment', [fragment], `Unused fragment ${fragment.name.value}`);
      }
    },
  };
};

const noUnusedVariables = (c: ValidationContext): Rule => {
  const definitions: VariableDefinitionNode[] = [];
  const used = new Set<string>();
  return {
    visitsFragmentSpreads: true,
    operationDefinition() {
      definitions.length = 0;
      used.clear();
    },
    variableDefinition: (node) => void definitions.push(node),
    variable: (node) => void used.add(node.name.value),
    leaveOperationDefinition() {
      for (const d of definitions) {
        if (!used.has(d.variable.name.value)) c.report('UnusedVariable', [d], `Unused variable ${d.variable.name.value}`);
      }
    },
  };
};

/** The types a composite type can be at run time (PossibleFragmentSpreads.getPossibleType). */
function possibleTypes(c: ValidationContext, type: GraphQLCompositeType): readonly GraphQLType[] {
  if (isObjectType(type)) return [type];
  if (isInterfaceType(type)) return c.view.schema.getPossibleTypes(type);
  return isUnionType(type) ? type.getTypes() : [];
}

function typesOverlap(c: ValidationContext, type: GraphQLCompositeType, parent: GraphQLCompositeType): boolean {
  if (type === parent) return true;
  const parents = possibleTypes(c, parent);
  return possibleTypes(c, type).some((t) => parents.includes(t));
}

const possibleFragmentSpreads = (c: ValidationContext): Rule => ({
  inlineFragment(node) {
    const type = c.traversal.outputType();
    const parent = c.traversal.parentType();
    if (!type || !parent || !isCompositeType(type) || typesOverlap(c, type, parent)) return;
    c.report(
      'InvalidFragmentType',
      [node],
      `Fragment cannot be spread here as objects of type ${parent.name} can never be of type ${type.name}`,
    );
  },
  fragmentSpread(node) {
    const fragment = c.fragments.get(node.name.value);
    const type = fragment && c.view.typeFromAst(fragment.typeCondition);
    const parent = c.traversal.parentType();
    if (!type || !parent || !isCompositeType(type) || typesOverlap(c, type, parent)) return;
    c.report(
      'InvalidFragmentType',
      [node],
      `Fragment ${node.name.value} cannot be spread here as objects of type ${parent.name} can never be of type ${type.name}`,
    );
  },
});

/** The required arguments (non-null, no default) a field or directive node leaves out. */
function missingArguments(defined: readonly GraphQLArgument[], node: FieldNode | DirectiveNode): string[] {
  const given = new Set((node.arguments ?? []).map((a) => a.name.value));
  return defined.filter((arg) => !given.has(arg.name) && isNonNullType(arg.type) && arg.defaultValue === undefined).map((arg) => arg.name);
}

const providedNonNullArguments = (c: ValidationContext): Rule => ({
  field(node) {
    for (const name of missingArguments(c.traversal.fieldDef()?.args ?? [], node)) {
      c.report('MissingFieldArgument', [node], `Missing field argument ${name}`);
    }
  },
  directive(node) {
    for (const name of missingArguments(c.traversal.directive()?.args ?? [], node)) {
      c.report('MissingDirectiveArgument', [node], `Missing directive argument ${name}`);
    }
  },
});

const scalarLeafs = (c: ValidationContext): Rule => ({
  field(node) {
    const type = c.traversal.outputType();
    if (!type) return;
    const named = getNamedType(type);
    if (isScalarType(named) || isEnumType(named)) {
      if (node.selectionSet) {
        c.report(
          'SubSelectionNotAllowed',
          [node],
          `Sub selection not allowed on leaf type ${javaTypeName(type)} of field ${node.name.value}`,
        );
      }
    } else if (!node.selectionSet) {
      c.report('SubSelectionRequired', [node], `Sub selection required for type ${javaTypeName(type)} of field ${node.name.value}`);
    }
  },
});

const variableDefaultValuesOfCorrectType = (c: ValidationContext): Rule => ({
  variableDefinition(node) {
    const type = c.traversal.inputType();
    if (!type) return;
    if (isNonNullType(type) && node.defaultValue) {
      c.report('DefaultForNonNullArgument', [node], 'Missing value for non null type');
    }
    if (node.defaultValue && literalProblem(node.defaultValue, type)) {
      c.report('BadValueForDefaultArg', [node], `Bad default value ${javaAstValue(node.defaultValue)} for type ${javaTypeName(type)}`);
    }
  },
});

/** The named type at the bottom of a type node (ValidationUtil.getUnmodifiedType). */
const unmodified = (node: TypeNode): string => (node.kind === Kind.NAMED_TYPE ? node.name.value : unmodified(node.type));

const variablesAreInputTypes = (c: ValidationContext): Rule => ({
  variableDefinition(node) {
    const type = c.view.getType(unmodified(node.type));
    if (type && !isInputType(type)) c.report('NonInputTypeOnVariable', [node], 'Wrong type for a variable');
  },
});

/** VariablesTypesMatcher.checkType. */
function typesMatch(actual: GraphQLType, expected: GraphQLType): boolean {
  if (isNonNullType(expected)) return isNonNullType(actual) && typesMatch(actual.ofType, expected.ofType);
  if (isNonNullType(actual)) return typesMatch(actual.ofType, expected);
  if (isListType(actual) && isListType(expected)) return typesMatch(actual.ofType, expected.ofType);
  return actual === expected;
}

const variableTypesMatch = (c: ValidationContext): Rule => {
  let definitions = new Map<string, VariableDefinitionNode>();
  return {
    visitsFragmentSpreads: true,
    operationDefinition() {
      definitions = new Map();
    },
    variableDefinition: (node) => void definitions.set(node.variable.name.value, node),
    variable(node) {
      const definition = definitions.get(node.name.value);
      const declared = definition && c.view.typeFromAst(definition.type);
      const expected = c.traversal.inputType();
      if (!declared || !expected) return;
      // A default value makes a nullable variable effectively non-null (VariablesTypesMatcher.effectiveType).
      const effective = definition.defaultValue && !isNonNullType(declared) ? new GraphQLNonNull(declared) : declared;
      if (!typesMatch(effective, expected)) {
        c.report('VariableTypeMismatch', [node], `Variable type '${String(effective)}' doesn't match expected type '${String(expected)}'`);
      }
    },
  };
};

const loneAnonymousOperation = (c: ValidationContext): Rule => {
  let anonymousSeen = false;
  let count = 0;
  return {
    operationDefinition(node) {
      let message: string | undefined;
      if (!node.name) {
        anonymousSeen = true;
        if (count > 0) message = 'Anonymous operation with other operations.';
      } else if (anonymousSeen) {
        message = `Operation ${node.name.value} is following anonymous operation.`;
      }
      count += 1;
      if (message) c.report('LoneAnonymousOperationViolation', [node], message);
    },
    documentFinished() {
      anonymousSeen = false;
    },
  };
};

const uniqueOperationNames = (c: ValidationContext): Rule => {
  const names = new Set<string>();
  return {
    operationDefinition(node) {
      if (!node.name) return;
      if (names.has(node.name.value)) {
        c.report('DuplicateOperationName', [node], `There can be only one operation named '${node.name.value}'`);
      } else {
        names.add(node.name.value);
      }
    },
  };
};

/** Validator.createRules, in its order. */
export const GRAPHQL_JAVA_RULES: readonly ((c: ValidationContext) => Rule)[] = [
  executableDefinitions,
  argumentsOfCorrectType,
  fieldsOnCorrectType,
  fragmentsOnCompositeType,
  knownArgumentNames,
  knownDirectives,
  knownFragmentNames,
  knownTypeNames,
  noFragmentCycles,
  noUndefinedVariables,
  noUnusedFragments,
  noUnusedVariables,
  overlappingFieldsCanBeMerged,
  possibleFragmentSpreads,
  providedNonNullArguments,
  scalarLeafs,
  variableDefaultValuesOfCorrectType,
  variablesAreInputTypes,
  variableTypesMatch,
  loneAnonymousOperation,
  uniqueOperationNames,
];

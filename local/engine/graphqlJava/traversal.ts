/**
 * graphql-java's validation walk, on graphql-js's AST: the same node order (each node's children
 * as graphql-java lists them), the same type bookkeeping (TraversalContext) and the same rule
 * dispatch (RulesVisitor), so the rules in ./rules.ts report what graphql-java reports, in the
 * order it reports it. Sources, graphql-java v9.6: src/main/java/graphql/validation/
 * {LanguageTraversal,RulesVisitor,TraversalContext,ValidationContext,AbstractRule}.java and
 * src/main/java/graphql/language/*.java (`getChildren`).
 */
import {
  Kind,
  getLocation,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isInputType,
  isInterfaceType,
  isListType,
  isObjectType,
  isOutputType,
  isUnionType,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  GraphQLList,
  GraphQLNonNull,
  __Schema,
  type ArgumentNode,
  type ASTNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLType,
  type InlineFragmentNode,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
  type VariableDefinitionNode,
  type VariableNode,
} from 'graphql';
import type { GraphQLJavaError, JavaLocation } from './errors.js';

/** The checks a rule makes, at the points graphql-java's AbstractRule offers. */
export interface Rule {
  /** Also walks each fragment a spread names, from the spread (NoUndefinedVariables…). */
  readonly visitsFragmentSpreads?: boolean;
  document?(node: DocumentNode): void;
  argument?(node: ArgumentNode): void;
  typeName?(node: NamedTypeNode): void;
  variableDefinition?(node: VariableDefinitionNode): void;
  field?(node: FieldNode): void;
  inlineFragment?(node: InlineFragmentNode): void;
  directive?(node: DirectiveNode, ancestors: readonly ASTNode[]): void;
  fragmentSpread?(node: FragmentSpreadNode): void;
  fragmentDefinition?(node: FragmentDefinitionNode): void;
  operationDefinition?(node: OperationDefinitionNode): void;
  leaveOperationDefinition?(node: OperationDefinitionNode): void;
  selectionSet?(node: SelectionSetNode): void;
  leaveSelectionSet?(node: SelectionSetNode): void;
  variable?(node: VariableNode): void;
  documentFinished?(node: DocumentNode): void;
}

/** What a schema is to graphql-java: the types reachable from the roots and introspection, nothing else. */
export class SchemaView {
  private readonly types = new Map<string, GraphQLNamedType>();

  constructor(
    readonly schema: GraphQLSchema,
    /** false: every field of an introspection type is undefined (AppSync with introspection disabled). */
    readonly introspection: boolean,
  ) {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType(), __Schema];
    for (const root of roots) if (root) this.collect(root);
  }

  private collect(type: GraphQLNamedType): void {
    if (this.types.has(type.name)) return;
    this.types.set(type.name, type);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        this.collect(getNamedType(field.type));
        for (const arg of field.args) this.collect(getNamedType(arg.type));
      }
      if (isObjectType(type)) for (const i of type.getInterfaces()) this.collect(i);
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) this.collect(member);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) this.collect(getNamedType(field.type));
    }
  }

  getType(name: string): GraphQLNamedType | undefined {
    return this.types.get(name);
  }

  /** TypeFromAST.getTypeFromAST: undefined when a named type is unknown. */
  typeFromAst(node: TypeNode): GraphQLType | undefined {
    if (node.kind === Kind.NON_NULL_TYPE) {
      const inner = this.typeFromAst(node.type);
      return inner && new GraphQLNonNull(inner as never);
    }
    if (node.kind === Kind.LIST_TYPE) {
      const inner = this.typeFromAst(node.type);
      return inner && new GraphQLList(inner);
    }
    return this.getType(node.name.value);
  }

  getDirective(name: string): GraphQLDirective | undefined {
    return this.schema.getDirective(name) ?? undefined;
  }

  /** TraversalContext.getFieldDef. */
  fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (parent === this.schema.getQueryType()) {
      if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
      if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    }
    if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (!this.introspection && parent.name.startsWith('__')) return undefined;
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }
}

const last = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

/** graphql-java's TraversalContext: the types around the node being visited. */
export class TraversalContext {
  private readonly outputTypes: (GraphQLOutputType | undefined)[] = [];
  private readonly parentTypes: (GraphQLCompositeType | undefined)[] = [];
  private readonly inputTypes: (GraphQLInputType | undefined)[] = [];
  private readonly fieldDefs: (GraphQLField<unknown, unknown> | undefined)[] = [];
  private readonly names: string[] = [];
  private currentDirective: GraphQLDirective | undefined;
  private currentArgument: GraphQLArgument | undefined;

  constructor(readonly view: SchemaView) {}

  outputType = (): GraphQLOutputType | undefined => last(this.outputTypes);
  parentType = (): GraphQLCompositeType | undefined => last(this.parentTypes);
  inputType = (): GraphQLInputType | undefined => last(this.inputTypes);
  fieldDef = (): GraphQLField<unknown, unknown> | undefined => last(this.fieldDefs);
  directive = (): GraphQLDirective | undefined => this.currentDirective;
  argument = (): GraphQLArgument | undefined => this.currentArgument;
  /** Field and fragment names from the operation down; null at the top (no ` @ '…'` in the message). */
  queryPath = (): string[] | null => (this.names.length === 0 ? null : [...this.names]);

  enter(node: ASTNode): void {
    const { view } = this;
    switch (node.kind) {
      case Kind.OPERATION_DEFINITION:
        this.outputTypes.push(view.schema.getRootType(node.operation) ?? undefined);
        break;
      case Kind.SELECTION_SET: {
        const raw = this.outputType() && getNamedType(this.outputType()!);
        this.parentTypes.push(raw && isCompositeType(raw) ? raw : undefined);
        break;
      }
      case Kind.FIELD: {
        this.names.push(node.name.value);
        const parent = this.parentType();
        const def = parent ? view.fieldDef(parent, node.name.value) : undefined;
        this.fieldDefs.push(def);
        this.outputTypes.push(def?.type);
        break;
      }
      case Kind.DIRECTIVE:
        this.currentDirective = view.getDirective(node.name.value);
        break;
      case Kind.INLINE_FRAGMENT: {
        const type = node.typeCondition ? view.getType(node.typeCondition.name.value) : this.parentType();
        this.outputTypes.push(type && isOutputType(type) ? type : undefined);
        break;
      }
      case Kind.FRAGMENT_DEFINITION: {
        this.names.push(node.name.value);
        const type = view.getType(node.typeCondition.name.value);
        this.outputTypes.push(type && isOutputType(type) ? type : undefined);
        break;
      }
      case Kind.VARIABLE_DEFINITION: {
        const type = view.typeFromAst(node.type);
        this.inputTypes.push(type && isInputType(type) ? type : undefined);
        break;
      }
      case Kind.ARGUMENT: {
        const owner = this.currentDirective ?? this.fieldDef();
        const arg = owner?.args.find((a) => a.name === node.name.value);
        this.inputTypes.push(arg?.type);
        this.currentArgument = arg;
        break;
      }
      case Kind.LIST: {
        const type = this.inputType();
        const nullable = type && getNullableType(type);
        this.inputTypes.push(nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : undefined);
        break;
      }
      case Kind.OBJECT_FIELD: {
        const type = this.inputType() && getNamedType(this.inputType()!);
        this.inputTypes.push(type && isInputObjectType(type) ? type.getFields()[node.name.value]?.type : undefined);
        break;
      }
      default:
    }
  }

  leave(node: ASTNode): void {
    switch (node.kind) {
      case Kind.OPERATION_DEFINITION:
      case Kind.INLINE_FRAGMENT:
        this.outputTypes.pop();
        break;
      case Kind.SELECTION_SET:
        this.parentTypes.pop();
        break;
      case Kind.FIELD:
      case Kind.FRAGMENT_DEFINITION:
        this.names.pop();
        if (node.kind === Kind.FIELD) this.fieldDefs.pop();
        this.outputTypes.pop();
        break;
      case Kind.DIRECTIVE:
        this.currentDirective = undefined;
        break;
      case Kind.ARGUMENT:
        this.currentArgument = undefined;
        this.inputTypes.pop();
        break;
      case Kind.VARIABLE_DEFINITION:
      case Kind.LIST:
      case Kind.OBJECT_FIELD:
        this.inputTypes.pop();
        break;
      default:
    }
  }
}

/** A node's children in graphql-java's order (`Node.getChildren()`); names and aliases are not nodes there. */
export function children(node: ASTNode): readonly ASTNode[] {
  switch (node.kind) {
    case Kind.DOCUMENT:
      return node.definitions;
    case Kind.OPERATION_DEFINITION:
      return [...(node.variableDefinitions ?? []), ...(node.directives ?? []), node.selectionSet];
    case Kind.VARIABLE_DEFINITION:
      return node.defaultValue ? [node.type, node.defaultValue] : [node.type];
    case Kind.NON_NULL_TYPE:
    case Kind.LIST_TYPE:
      return [node.type];
    case Kind.SELECTION_SET:
      return node.selections;
    case Kind.FIELD:
      return [...(node.arguments ?? []), ...(node.directives ?? []), ...(node.selectionSet ? [node.selectionSet] : [])];
    case Kind.ARGUMENT:
    case Kind.OBJECT_FIELD:
      return [node.value];
    case Kind.FRAGMENT_SPREAD:
      return node.directives ?? [];
    case Kind.INLINE_FRAGMENT:
      return [...(node.typeCondition ? [node.typeCondition] : []), ...(node.directives ?? []), node.selectionSet];
    case Kind.FRAGMENT_DEFINITION:
      return [node.typeCondition, ...(node.directives ?? []), node.selectionSet];
    case Kind.DIRECTIVE:
      return node.arguments ?? [];
    case Kind.OBJECT:
      return node.fields;
    case Kind.LIST:
      return node.values;
    default:
      return [];
  }
}

/** Thrown when a walk passes its node budget. */
export class WalkTooLong extends Error {}

/** What every rule shares: the schema, the document, the walk's position and the error list. */
export class ValidationContext {
  readonly fragments = new Map<string, FragmentDefinitionNode>();
  readonly errors: GraphQLJavaError[] = [];
  readonly traversal: TraversalContext;
  private visits = 0;

  constructor(
    readonly view: SchemaView,
    readonly document: DocumentNode,
    private readonly maxVisits = Infinity,
  ) {
    this.traversal = new TraversalContext(view);
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  /** Counts a node entered; throws WalkTooLong past the budget. */
  visit(): void {
    if ((this.visits += 1) > this.maxVisits) throw new WalkTooLong();
  }

  /** graphql-java's SourceLocation of a node: its first token. */
  location(node: ASTNode): JavaLocation {
    const { line, column } = node.loc ? getLocation(node.loc.source, node.loc.start) : { line: 0, column: 0 };
    return { line, column, sourceName: null };
  }

  /** ValidationError: "Validation error of type <type>: <description>[ @ '<query path>']". */
  report(type: string, nodes: readonly ASTNode[], description: string): void {
    const path = this.traversal.queryPath();
    this.errors.push({
      path: null,
      locations: nodes.map((n) => this.location(n)),
      message: `Validation error of type ${type}: ${description}${path ? ` @ '${path.join('/')}'` : ''}`,
    });
  }
}

/** RulesVisitor.enter's dispatch: the rule method each kind of node is checked by. */
const CHECKS: Partial<Record<Kind, keyof Rule>> = {
  [Kind.DOCUMENT]: 'document',
  [Kind.ARGUMENT]: 'argument',
  [Kind.NAMED_TYPE]: 'typeName',
  [Kind.VARIABLE_DEFINITION]: 'variableDefinition',
  [Kind.FIELD]: 'field',
  [Kind.INLINE_FRAGMENT]: 'inlineFragment',
  [Kind.FRAGMENT_SPREAD]: 'fragmentSpread',
  [Kind.OPERATION_DEFINITION]: 'operationDefinition',
  [Kind.VARIABLE]: 'variable',
  [Kind.SELECTION_SET]: 'selectionSet',
};

/** LanguageTraversal + RulesVisitor: enter, children, leave; fragment spreads walked for the rules that ask. */
export class RulesWalker {
  private readonly skipped = new Set<Rule>();
  private readonly skipUntil = new Map<ASTNode, Rule[]>();
  private readonly spreadVisitors: Rule[];

  constructor(
    private readonly context: ValidationContext,
    private readonly rules: readonly Rule[],
    private readonly nested = false,
  ) {
    this.spreadVisitors = rules.filter((r) => r.visitsFragmentSpreads);
  }

  walk(node: ASTNode, path: ASTNode[]): void {
    this.enter(node, path);
    path.push(node);
    for (const child of children(node)) this.walk(child, path);
    path.pop();
    this.leave(node);
  }

  private enter(node: ASTNode, ancestors: ASTNode[]): void {
    this.context.visit();
    this.context.traversal.enter(node);
    const rules = this.rules.filter((r) => !this.skipped.has(r));
    if (node.kind === Kind.DIRECTIVE) return rules.forEach((r) => r.directive?.(node, ancestors));
    if (node.kind === Kind.FRAGMENT_DEFINITION) {
      if (!this.nested) {
        this.skipUntil.set(node, this.spreadVisitors);
        for (const r of this.spreadVisitors) this.skipped.add(r);
      }
      return rules.forEach((r) => (this.nested || !r.visitsFragmentSpreads) && r.fragmentDefinition?.(node));
    }
    const check = CHECKS[node.kind];
    if (check) for (const r of rules) (r[check] as ((n: ASTNode) => void) | undefined)?.(node);
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const visitors = rules.filter((r) => r.visitsFragmentSpreads);
      const fragment = this.context.fragments.get(node.name.value);
      if (visitors.length > 0 && fragment && !ancestors.includes(fragment)) {
        new RulesWalker(this.context, visitors, true).walk(fragment, ancestors);
      }
    }
  }

  private leave(node: ASTNode): void {
    this.context.traversal.leave(node);
    if (node.kind === Kind.DOCUMENT) this.rules.forEach((r) => r.documentFinished?.(node));
    else if (node.kind === Kind.OPERATION_DEFINITION) this.rules.forEach((r) => r.leaveOperationDefinition?.(node));
    else if (node.kind === Kind.SELECTION_SET) this.rules.forEach((r) => r.leaveSelectionSet?.(node));
    const until = this.skipUntil.get(node);
    if (until) {
      for (const r of until) this.skipped.delete(r);
      this.skipUntil.delete(node);
    }
  }
}

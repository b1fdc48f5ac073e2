/**
 * AppSync's per-API run limits, enforced locally with the values it is given (the composition
 * gives the stack's, definitions/apiLimits.ts), before any resolver runs:
 * - query depth (`QueryDepthLimitReached`) and the introspection switch: validation rules;
 * - resolver count (`ResolverExecutionLimitReached`): counted per request by the executor; the
 *   resolvers past the limit fail without running, the ones before it run (AppSync's documented
 *   behaviour: "the third resolver throws an error and doesn't run").
 * https://docs.aws.amazon.com/appsync/latest/devguide/configuration-limits.html
 *
 * Two local bounds come first, so one request cannot take the server's CPU or stack: a token cap
 * on parsing and a nesting cap on selection sets and fragments. AppSync publishes neither; both
 * sit far above anything this schema can use (its deepest legitimate document, the standard
 * introspection query, is 183 tokens and 15 levels), so they refuse only documents AppSync would
 * answer with a wall of limit errors.
 */
import {
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ResolverError } from './runtime/errors.js';

export interface RunLimits {
  /** Deepest field a request may select, leaves counted (`{ a { b } }` is 2). */
  readonly queryDepthLimit: number;
  /** Resolver invocations per request. */
  readonly resolverCountLimit: number;
  /** Whether `__schema` / `__type` may be queried. */
  readonly introspection: boolean;
}

/** AppSync's own defaults, for an API that sets none: no depth limit, 10000 resolvers, introspection on. */
export const APPSYNC_DEFAULT_LIMITS: RunLimits = { queryDepthLimit: Infinity, resolverCountLimit: 10_000, introspection: true };

/** Tokens one document may have (local bound: parsing stops there, in well under a millisecond). */
export const MAX_QUERY_TOKENS = 5_000;
/** Selection sets, inline fragments and fragment spreads nested in one another (local bound). */
export const MAX_QUERY_NESTING = 100;

export const PARSE_OPTIONS: ParseOptions = { maxTokens: MAX_QUERY_TOKENS };

/** graphql-js says "Document contains more that N tokens. Parsing aborted." (sic): say what to do. */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more that \d+ tokens\. Parsing aborted\.$/;

/**
 * Parse (token cap), check nesting, then validate with graphql-js's rules plus the depth and
 * introspection rules. Returns the document, or the errors to answer with; never throws.
 */
export function parseAndValidateWithLimits(
  schema: GraphQLSchema,
  query: string,
  limits: RunLimits = APPSYNC_DEFAULT_LIMITS,
): DocumentNode | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query, PARSE_OPTIONS);
  } catch (error) {
    if (error instanceof GraphQLError && TOO_MANY_TOKENS.test(error.message)) {
      return [
        new GraphQLError(
          `The query has more than ${MAX_QUERY_TOKENS} tokens; this server accepts at most ${MAX_QUERY_TOKENS} per request.`,
        ),
      ];
    }
    return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
  }
  const nesting = nestingError(document);
  if (nesting) return [nesting];
  const errors = validate(schema, document, [
    ...specifiedRules,
    queryDepthRule(limits.queryDepthLimit),
    ...(limits.introspection ? [] : [introspectionDisabledRule]),
  ]);
  return errors.length > 0 ? errors : document;
}

/** The error for a resolver past the request's resolver count limit (AppSync's errorType and message). */
export function resolverLimitError(): ResolverError {
  // The message as AppSync clients report it (aws-amplify/amplify-js#8342).
  return new ResolverError('Resolver invocation limit reached', 'ResolverExecutionLimitReached');
}

/** True while `count` resolvers (this one included) are within the limit. */
export function withinResolverLimit(count: number, limits: RunLimits = APPSYNC_DEFAULT_LIMITS): boolean {
  return count <= limits.resolverCountLimit;
}

/**
 * The deepest chain of selection sets and fragments, stopping as soon as it passes
 * MAX_QUERY_NESTING, so neither this walk nor graphql-js's recursive rules can run out of stack.
 * Fragment cycles are left to graphql-js's NoFragmentCycles rule.
 */
function nestingError(document: DocumentNode): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const heights = new Map<string, number>();
  const visiting = new Set<string>();
  const height = (set: SelectionSetNode, level: number): number => {
    if (level > MAX_QUERY_NESTING) return 1;
    let max = 0;
    for (const s of set.selections) {
      let h = 0;
      if (s.kind === Kind.FIELD) h = s.selectionSet ? height(s.selectionSet, level + 1) : 0;
      else if (s.kind === Kind.INLINE_FRAGMENT) h = height(s.selectionSet, level + 1);
      else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        let known = heights.get(name);
        if (known === undefined) {
          visiting.add(name);
          known = height(fragment.selectionSet, level + 1);
          visiting.delete(name);
          heights.set(name, known);
        }
        h = known;
      }
      max = Math.max(max, h);
      if (level + max > MAX_QUERY_NESTING) break;
    }
    return 1 + max;
  };
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (height(d.selectionSet, 1) > MAX_QUERY_NESTING) {
      const what = d.kind === Kind.OPERATION_DEFINITION ? `operation${d.name ? ` "${d.name.value}"` : ''}` : `fragment "${d.name.value}"`;
      return new GraphQLError(
        `The ${what} nests selection sets and fragments more than ${MAX_QUERY_NESTING} levels deep; this server accepts at most ${MAX_QUERY_NESTING}.`,
        { nodes: d },
      );
    }
  }
  return null;
}

/**
 * AppSync's query depth: the number of nested fields, leaves included (`L1 { L2 { L3 { L4 } } }`
 * is 4, the documentation's example); fragments add no level. One error per operation, at the
 * first field past the limit, with errorType `QueryDepthLimitReached`.
 */
export function queryDepthRule(limit: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const found = firstTooDeep(context, operation.selectionSet, 1, limit, [], new Map());
      if (found) {
        const message = `Query depth limit of ${limit} reached at '${found.path.join('/')}' (depth ${found.path.length}).`;
        // A ResolverError as the cause carries the errorType through the executor's formatError.
        context.reportError(
          new GraphQLError(message, { nodes: found.node, originalError: new ResolverError(message, 'QueryDepthLimitReached') }),
        );
      }
      return false;
    },
  });
}

function firstTooDeep(
  context: ValidationContext,
  set: SelectionSetNode,
  depth: number,
  limit: number,
  path: string[],
  heights: Map<string, number>,
  fragmentsOnPath: ReadonlySet<string> = new Set(),
): { node: FieldNode; path: string[] } | null {
  for (const s of set.selections) {
    let found: { node: FieldNode; path: string[] } | null = null;
    if (s.kind === Kind.FIELD) {
      const here = [...path, s.alias?.value ?? s.name.value];
      if (depth > limit) return { node: s, path: here };
      if (s.selectionSet) found = firstTooDeep(context, s.selectionSet, depth + 1, limit, here, heights, fragmentsOnPath);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      found = firstTooDeep(context, s.selectionSet, depth, limit, path, heights, fragmentsOnPath);
    } else {
      // A fragment already on this path is a cycle: NoFragmentCycles reports it.
      const fragment = fragmentsOnPath.has(s.name.value) ? undefined : context.getFragment(s.name.value);
      // Descend only into a fragment that goes too deep, so a fragment used many times costs one walk.
      if (fragment && depth - 1 + fieldHeight(context, fragment.selectionSet, heights, new Set([s.name.value])) > limit) {
        found = firstTooDeep(context, fragment.selectionSet, depth, limit, path, heights, new Set([...fragmentsOnPath, s.name.value]));
      }
    }
    if (found) return found;
  }
  return null;
}

/** How many fields deep a selection set goes (fragment results memoized by name). */
function fieldHeight(
  context: ValidationContext,
  set: SelectionSetNode,
  heights: Map<string, number>,
  fragmentsOnPath: ReadonlySet<string>,
): number {
  let max = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD)
      max = Math.max(max, 1 + (s.selectionSet ? fieldHeight(context, s.selectionSet, heights, fragmentsOnPath) : 0));
    else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, fieldHeight(context, s.selectionSet, heights, fragmentsOnPath));
    else if (!fragmentsOnPath.has(s.name.value)) {
      let known = heights.get(s.name.value);
      const fragment = context.getFragment(s.name.value);
      if (known === undefined && fragment) {
        known = fieldHeight(context, fragment.selectionSet, heights, new Set([...fragmentsOnPath, s.name.value]));
        heights.set(s.name.value, known);
      }
      max = Math.max(max, known ?? 0);
    }
  }
  return max;
}

/**
 * Introspection disabled: AppSync answers a validation error on the introspection type's fields
 * (its documentation shows `types` undefined on `__Schema`); `__typename` keeps working.
 */
export const introspectionDisabledRule: ValidationRule = (context) => ({
  Field(node) {
    const parent = context.getParentType();
    if (parent && parent.name.startsWith('__') && node.name.value !== '__typename') {
      context.reportError(
        new GraphQLError(`Cannot query field "${node.name.value}" on type "${parent.name}": introspection is disabled for this API.`, {
          nodes: node,
        }),
      );
    }
  },
});

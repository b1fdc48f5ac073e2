/**
 * AppSync's per-API run limits, enforced locally with the values it is given (the composition
 * gives the stack's, definitions/apiLimits.ts):
 * - introspection off: every field of an introspection type is undefined to validation
 *   (graphqlJava/traversal.ts), so AppSync's FieldUndefined answer comes out;
 * - query depth (`QueryDepthLimitReached`): a field error at run time (queryDepth.ts);
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
  type DocumentNode,
  type FragmentDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
} from 'graphql';
import type { GraphQLJavaError } from './graphqlJava/errors.js';
import type { SchemaView } from './graphqlJava/traversal.js';
import { MAX_VALIDATION_VISITS, validateDocument } from './graphqlJava/validate.js';
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

/** graphql-js says "Document contains more that N tokens. Parsing aborted." (sic). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more that \d+ tokens\. Parsing aborted\.$/;

/**
 * A query text as the executor keeps it:
 * - `unparsable`: not GraphQL (AppSync: HTTP 400 "Unable to parse GraphQL query.");
 * - `bounded`: past a local bound, refused with one sentence and no document;
 * - `parsed`: the document, with graphql-java's validation errors (none: valid).
 */
export type PreparedDocument =
  | { kind: 'unparsable' }
  | { kind: 'bounded'; errors: GraphQLJavaError[] }
  | { kind: 'parsed'; document: DocumentNode; errors: GraphQLJavaError[] };

const localBound = (message: string): { kind: 'bounded'; errors: GraphQLJavaError[] } => ({
  kind: 'bounded',
  errors: [{ path: null, locations: null, message }],
});

/** Parse (token cap), check nesting, then validate as graphql-java does; never throws. */
export function prepareDocument(view: SchemaView, query: string): PreparedDocument {
  let document: DocumentNode;
  try {
    document = parse(query, PARSE_OPTIONS);
  } catch (error) {
    if (error instanceof GraphQLError && TOO_MANY_TOKENS.test(error.message)) {
      return localBound(`The query has more than ${MAX_QUERY_TOKENS} tokens; this server accepts at most ${MAX_QUERY_TOKENS} per request.`);
    }
    return { kind: 'unparsable' };
  }
  const nesting = nestingError(document);
  if (nesting) return localBound(nesting);
  const errors = validateDocument(view, document);
  if (errors === 'too large') {
    return localBound(
      `The document spreads its fragments into more than ${MAX_VALIDATION_VISITS} nodes; this server validates at most ${MAX_VALIDATION_VISITS}.`,
    );
  }
  return { kind: 'parsed', document, errors };
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
 * Fragment cycles are left to the FragmentCycle rule.
 */
function nestingError(document: DocumentNode): string | null {
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
      return `The ${what} nests selection sets and fragments more than ${MAX_QUERY_NESTING} levels deep; this server accepts at most ${MAX_QUERY_NESTING}.`;
    }
  }
  return null;
}

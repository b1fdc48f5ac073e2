/**
 * Validates a parsed document as AppSync does: graphql-java's rules (./rules.ts) walked in
 * graphql-java's order (./traversal.ts). Returns every error, in graphql-java's order, in
 * AppSync's shape (./errors.ts); an empty list when the document is valid.
 *
 * graphql-java walks a fragment again at every spread of it, so a chain of fragments that each
 * spread the next twice costs 2^n visits: a local bound stops the walk past MAX_VALIDATION_VISITS
 * nodes ('too large'), far above any real document (the standard introspection query is ~300).
 */
import type { DocumentNode } from 'graphql';
import type { GraphQLJavaError } from './errors.js';
import { GRAPHQL_JAVA_RULES } from './rules.js';
import { RulesWalker, ValidationContext, WalkTooLong, type SchemaView } from './traversal.js';

export const MAX_VALIDATION_VISITS = 200_000;

export function validateDocument(view: SchemaView, document: DocumentNode): GraphQLJavaError[] | 'too large' {
  const context = new ValidationContext(view, document, MAX_VALIDATION_VISITS);
  const rules = GRAPHQL_JAVA_RULES.map((make) => make(context));
  try {
    new RulesWalker(context, rules).walk(document, []);
  } catch (error) {
    if (error instanceof WalkTooLong) return 'too large';
    throw error;
  }
  return context.errors;
}

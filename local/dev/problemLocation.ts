/**
 * A broken save, said as `file:line:column: message` (the form editors and terminals link), for
 * each way a reload can fail: esbuild's errors, the schema's, the wiring's. APPSYNC_JS load
 * errors (UnsupportedSyntaxError) already come in that form.
 */
import type { Message } from 'esbuild';
import { GraphQLError } from 'graphql';
import { APPSYNC_PRELUDE } from '../../definitions/resolverWiring.js';

/** esbuild's location: 1-based line, 0-based column; the file relative to the project. */
export function esbuildProblems(messages: readonly Message[]): string[] {
  return messages.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text));
}

/** The schema is parsed behind AppSync's prelude (resolverWiring.ts): lines are counted in schema.graphql. */
const PRELUDE_LINES = APPSYNC_PRELUDE.split('\n').length - 1;

export function schemaProblem(error: unknown, file = 'schema.graphql'): string {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const at = error instanceof GraphQLError ? error.locations?.[0] : undefined;
  if (!at || at.line <= PRELUDE_LINES) return `${file}: ${message}`;
  return `${file}:${at.line - PRELUDE_LINES}:${at.column}: ${message}`;
}

/**
 * The body every GraphQL entry point accepts — `POST /graphql`, the REST shims' AppSync
 * integration and the real-time `start` message: `{query, variables?, operationName?}`.
 * Returns the request, or the sentence that says why the body is not one.
 */
import { isJsonObject } from '../jsonObject.js';
import type { GraphQLRequest } from './executor.js';

/** Checks the body is `{query: string, variables?: object|null, operationName?: string|null}`. */
export function parseGraphQLRequest(raw: unknown): GraphQLRequest | string {
  if (!isJsonObject(raw)) return 'The request body must be a JSON object';
  const { query, variables, operationName } = raw;
  if (typeof query !== 'string' || query.trim() === '') return "The request body must have a non-empty 'query' string";
  if (variables !== undefined && variables !== null && !isJsonObject(variables)) {
    return "'variables' must be a JSON object";
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return "'operationName' must be a string";
  }
  return { query, variables: (variables as Record<string, unknown> | null | undefined) ?? null, operationName: operationName ?? null };
}

/**
 * A GET request's URL parameters as the same body: `query`, `variables` as JSON text,
 * `operationName` (what urql's and graphql-http's clients send).
 */
export function graphqlRequestFromUrl(params: URLSearchParams): GraphQLRequest | string {
  const raw: Record<string, unknown> = {};
  for (const name of ['query', 'operationName'] as const) {
    const value = params.get(name);
    if (value !== null) raw[name] = value;
  }
  const variables = params.get('variables');
  if (variables !== null && variables !== '') {
    try {
      raw.variables = JSON.parse(variables);
    } catch {
      return "'variables' must be a JSON object";
    }
  }
  return parseGraphQLRequest(raw);
}

/**
 * The body every GraphQL entry point accepts — `POST /graphql`, `GET /graphql`'s URL parameters,
 * the REST shims' AppSync integration and the real-time `start` message:
 * `{query, variables?, operationName?}`. Anything else is AppSync's "Unable to parse GraphQL
 * query." — its answer to `meow`, `{}`, `{}}` and `[]` alike (recorded in
 * https://github.com/graphql/graphql-over-http/issues/81); that it says the same for a `query`
 * that is not a string, `variables` that are not an object and an `operationName` that is not a
 * string is inferred.
 */
import { isJsonObject } from '../jsonObject.js';
import type { GraphQLRequest } from './executor.js';

export const UNABLE_TO_PARSE = 'Unable to parse GraphQL query.';

/** The request, or AppSync's sentence when the body is not one. */
export function parseGraphQLRequest(raw: unknown): GraphQLRequest | typeof UNABLE_TO_PARSE {
  if (!isJsonObject(raw)) return UNABLE_TO_PARSE;
  const { query, variables, operationName } = raw;
  if (typeof query !== 'string') return UNABLE_TO_PARSE;
  if (variables !== undefined && variables !== null && !isJsonObject(variables)) return UNABLE_TO_PARSE;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return UNABLE_TO_PARSE;
  return { query, variables: (variables as Record<string, unknown> | null | undefined) ?? null, operationName: operationName ?? null };
}

/** The request a JSON text holds, or AppSync's sentence. */
export function parseGraphQLRequestText(text: string): GraphQLRequest | typeof UNABLE_TO_PARSE {
  try {
    return parseGraphQLRequest(JSON.parse(text));
  } catch {
    return UNABLE_TO_PARSE;
  }
}

/**
 * A GET request's URL parameters as the same body: `query`, `variables` as JSON text,
 * `operationName` (what urql's and graphql-http's clients send).
 */
export function graphqlRequestFromUrl(params: URLSearchParams): GraphQLRequest | typeof UNABLE_TO_PARSE {
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
      return UNABLE_TO_PARSE;
    }
  }
  return parseGraphQLRequest(raw);
}

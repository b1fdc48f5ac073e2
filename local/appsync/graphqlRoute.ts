/**
 * AppSync's HTTP protocol on `POST /graphql`: `{query, variables, operationName}` in, AppSync's
 * response and error shapes out, `x-api-key` required, bodies over 1 MB refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, readBody, utf8OrNull } from '../http/body.js';
import { CORS_HEADERS, flatHeaders, sendJson } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { isJsonObject } from '../jsonObject.js';
import { apiKeyMatches } from './apiKey.js';
import type { Executor, GraphQLRequest } from './executor.js';

export const UNAUTHORIZED_BODY = {
  errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }],
};

function requestError(res: ServerResponse, status: number, errorType: string, message: string): void {
  sendJson(res, status, { errors: [{ errorType, message }] }, { ...CORS_HEADERS, 'x-amzn-errortype': errorType });
}

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

export function graphqlRoute(executor: Executor, apiKey: string): Route {
  return {
    method: 'POST',
    path: '/graphql',
    cors: true,
    async handle(req: IncomingMessage, res: ServerResponse) {
      if (!apiKeyMatches(req.headers['x-api-key'], apiKey)) {
        req.resume();
        sendJson(res, 401, UNAUTHORIZED_BODY, { ...CORS_HEADERS, 'x-amzn-errortype': 'UnauthorizedException' });
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) return requestError(res, 413, 'PayloadTooLargeException', 'The request body is larger than 1 MB');
        throw error;
      }
      const text = utf8OrNull(body);
      if (text === null) return requestError(res, 400, 'MalformedHttpRequestException', 'The request body is not valid UTF-8');
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return requestError(res, 400, 'MalformedHttpRequestException', 'The request body is not valid JSON');
      }
      const request = parseGraphQLRequest(raw);
      if (typeof request === 'string') return requestError(res, 400, 'MalformedHttpRequestException', request);
      const response = await executor.execute(request, { authType: 'API_KEY', identity: null, headers: flatHeaders(req) });
      sendJson(res, 200, response, CORS_HEADERS);
    },
  };
}

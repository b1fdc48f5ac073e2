/**
 * AppSync's HTTP protocol on `POST /graphql`: `{query, variables, operationName}` in, AppSync's
 * response and error shapes out, bodies over 1 MB refused. Admitted: the API key (`x-api-key`) or a
 * user-pool token (`Authorization`), chosen as AppSync chooses (local/auth/selectCaller.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, readBody, utf8OrNull } from '../http/body.js';
import { CORS_HEADERS, flatHeaders, sendJson } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { selectCaller, type AuthModes } from '../auth/selectCaller.js';
import type { Executor } from './executor.js';
import { parseGraphQLRequest } from './graphqlRequest.js';

export const UNAUTHORIZED_BODY = {
  errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }],
};

function requestError(res: ServerResponse, status: number, errorType: string, message: string): void {
  sendJson(res, status, { errors: [{ errorType, message }] }, { ...CORS_HEADERS, 'x-amzn-errortype': errorType });
}

export function graphqlRoute(executor: Executor, auth: AuthModes): Route {
  return {
    method: 'POST',
    path: '/graphql',
    cors: true,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const headers = flatHeaders(req);
      const caller = await selectCaller(auth, headers, headers, req.socket.remoteAddress);
      if (!caller) {
        req.resume();
        sendJson(res, 401, UNAUTHORIZED_BODY, { ...CORS_HEADERS, 'x-amzn-errortype': 'UnauthorizedException' });
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge)
          return requestError(res, 413, 'PayloadTooLargeException', 'The request body is larger than 1 MB');
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
      const response = await executor.execute(request, caller);
      sendJson(res, 200, response, CORS_HEADERS);
    },
  };
}

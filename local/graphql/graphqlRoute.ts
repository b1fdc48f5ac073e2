/**
 * AppSync's HTTP protocol on `POST /graphql`: `{query, variables, operationName}` in, AppSync's
 * response and error shapes out, bodies over 1 MB refused. Admitted: the API key (`x-api-key`), a
 * SigV4 signature by the local IAM key, or a user-pool token (`Authorization`), chosen as AppSync
 * chooses (local/auth/selectCaller.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, readBody, utf8OrNull } from '../http/body.js';
import { CORS_HEADERS, flatHeaders, sendJson } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { isRefusal, selectCaller, SIGV4, type AuthModes } from '../auth/selectCaller.js';
import { signedParts } from '../auth/signedParts.js';
import type { Executor } from '../engine/executor.js';
import { parseGraphQLRequest } from '../engine/graphqlRequest.js';

export const UNAUTHORIZED_BODY = {
  errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }],
};

/** The body, or undefined once a 413 has been sent. */
async function readBodyOr413(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
  try {
    return await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      return void requestError(res, 413, 'PayloadTooLargeException', 'The request body is larger than 1 MB');
    throw error;
  }
}

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
      // A SigV4 signature covers the body: read it first (an API key or token is checked before reading).
      const signedWithSigV4 = headers['x-api-key'] === undefined && SIGV4.test(headers.authorization ?? '');
      let body: Buffer | undefined;
      if (signedWithSigV4) {
        body = await readBodyOr413(req, res);
        if (!body) return;
      }
      const caller = await selectCaller(auth, headers, headers, req.socket.remoteAddress, body && signedParts(req, body));
      if (isRefusal(caller)) {
        req.resume();
        return requestError(res, caller.status, caller.errorType, caller.message);
      }
      body ??= await readBodyOr413(req, res);
      if (!body) return;
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

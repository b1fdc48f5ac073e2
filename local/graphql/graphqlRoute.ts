/**
 * AppSync's HTTP protocol on `/graphql`: `POST` with `{query, variables, operationName}` as JSON,
 * or `GET` with the three as URL parameters (`variables` as JSON) for queries — "AppSync supports
 * HTTP POST and GET … Query variables are sent in the HTTP POST Body, encoded as JSON or as query
 * parameters in HTTP GET" (the AppSync team, https://github.com/graphql/graphql-over-http/issues/81).
 * AppSync's response and error shapes out, bodies over 1 MB refused. Admitted: the API key
 * (`x-api-key`), a SigV4 signature by the local IAM key, or a user-pool token (`Authorization`),
 * chosen as AppSync chooses (local/auth/selectCaller.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, type JsonBody } from '../http/body.js';
import { CORS_HEADERS, flatHeaders, sendJson } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { isRefusal, selectCaller, SIGV4, type AuthModes } from '../auth/selectCaller.js';
import { signedParts } from '../auth/signedParts.js';
import type { Caller, Executor, GraphQLRequest } from '../engine/executor.js';
import { graphqlRequestFromUrl, parseGraphQLRequest, UNABLE_TO_PARSE } from '../engine/graphqlRequest.js';

export const UNAUTHORIZED_BODY = {
  errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }],
};

const tooLarge = (res: ServerResponse): void => requestError(res, 413, 'PayloadTooLargeException', 'The request body is larger than 1 MB');

function requestError(res: ServerResponse, status: number, errorType: string, message: string): void {
  sendJson(res, status, { errors: [{ errorType, message }] }, { ...CORS_HEADERS, 'x-amzn-errortype': errorType });
}

/** The route of one method on `/graphql`. */
const onGraphqlPath = (method: Route['method'], handle: Route['handle']): Route => ({ method, path: '/graphql', cors: true, handle });

/**
 * A request AppSync refuses before GraphQL runs gets its HTTP 400 (executor.ts, RequestRefusal);
 * any other is answered HTTP 200, errors included (AppSync's rule).
 */
async function answer(res: ServerResponse, executor: Executor, request: GraphQLRequest, caller: Caller): Promise<void> {
  const refusal = executor.refusal(request);
  if (refusal) return requestError(res, refusal.status, refusal.errorType, refusal.message);
  sendJson(res, 200, await executor.execute(request, caller), CORS_HEADERS);
}

export function graphqlRoute(executor: Executor, auth: AuthModes): Route {
  return onGraphqlPath('POST', async (req: IncomingMessage, res: ServerResponse) => {
    const headers = flatHeaders(req);
    // A SigV4 signature covers the body: read it first (an API key or token is checked before reading).
    const signedWithSigV4 = headers['x-api-key'] === undefined && SIGV4.test(headers.authorization ?? '');
    let body: JsonBody | undefined;
    if (signedWithSigV4) {
      body = await readJsonBody(req);
      if (!body.ok && body.problem === 'tooLarge') return tooLarge(res);
    }
    const caller = await selectCaller(auth, headers, headers, req.socket.remoteAddress, body?.bytes && signedParts(req, body.bytes));
    if (isRefusal(caller)) {
      req.resume();
      return requestError(res, caller.status, caller.errorType, caller.message);
    }
    body ??= await readJsonBody(req);
    if (!body.ok && body.problem === 'tooLarge') return tooLarge(res);
    // AppSync's two answers to a body it cannot read (recorded in graphql/graphql-over-http#81).
    if (!body.ok && body.problem === 'empty') return requestError(res, 400, 'MalformedHttpRequestException', 'Request body is empty.');
    const request = body.ok ? parseGraphQLRequest(body.value) : UNABLE_TO_PARSE;
    if (typeof request === 'string') return requestError(res, 400, 'MalformedHttpRequestException', request);
    return answer(res, executor, request, caller);
  });
}

const NO_BODY = new Uint8Array(0);

/**
 * `GET /graphql?query=…&variables=…&operationName=…`: queries only. AppSync's team says GET runs
 * mutations too; locally a GET that selects a mutation (or a subscription) is refused with 405 and
 * never runs — stricter than AppSync, so nothing that works here fails there, and a link or a
 * prefetch can never write (the GraphQL-over-HTTP draft: "GET requests must ONLY be used for
 * executing queries"). The refusal's errorType and message are local (inferred).
 */
export function graphqlGetRoute(executor: Executor, auth: AuthModes): Route {
  return onGraphqlPath('GET', async (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const headers = flatHeaders(req);
    const caller = await selectCaller(auth, headers, headers, req.socket.remoteAddress, signedParts(req, NO_BODY));
    if (isRefusal(caller)) return requestError(res, caller.status, caller.errorType, caller.message);
    const request = graphqlRequestFromUrl(new URL(req.url ?? '/', 'http://localhost').searchParams);
    if (typeof request === 'string') return requestError(res, 400, 'MalformedHttpRequestException', request);
    const operation = executor.operationType(request);
    if (operation !== undefined && operation !== 'query') {
      res.setHeader('allow', 'POST');
      return requestError(res, 405, 'MethodNotAllowedException', `A ${operation} cannot be sent with GET: send it with POST.`);
    }
    return answer(res, executor, request, caller);
  });
}

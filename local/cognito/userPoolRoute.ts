/**
 * Amazon Cognito's user-pool JSON protocol on the API's own port: `POST /` with
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>` and an `application/x-amz-json-1.1`
 * body — what the AWS SDK's CognitoIdentityProviderClient and aws-amplify send to their endpoint —
 * and the pool's keys at `GET /<poolId>/.well-known/jwks.json`, where AWS serves a pool's.
 * Errors: HTTP 400 `{"__type", "message"}` (CommonErrors in the API reference).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, utf8OrNull } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { isJsonObject } from '../jsonObject.js';
import { CognitoError } from './cognitoError.js';
import type { LocalUserPool } from './userPoolService.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** Browsers (aws-amplify in the explorer) send these on the pool's endpoint. */
const POOL_CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST,OPTIONS',
  'access-control-allow-headers':
    'content-type,x-amz-target,x-amz-user-agent,cache-control,authorization,x-amz-date,x-amz-security-token,x-amz-content-sha256,amz-sdk-invocation-id,amz-sdk-request',
  'access-control-expose-headers': 'x-amzn-requestid,x-amzn-errortype',
  'access-control-max-age': '86400',
};

function sendCognito(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  sendJson(res, status, body, {
    ...POOL_CORS,
    'content-type': 'application/x-amz-json-1.1',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
}

export function userPoolRoutes(pool: LocalUserPool): Route[] {
  const api: Route = {
    method: 'POST',
    path: '/',
    cors: true,
    preflightHeaders: POOL_CORS,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = utf8OrNull(await readBody(req));
      let parsed: unknown;
      try {
        parsed = JSON.parse(body ?? '');
      } catch {
        return sendCognito(
          res,
          400,
          { __type: 'SerializationException', message: 'The request body is not valid JSON' },
          'SerializationException',
        );
      }
      if (!target.startsWith(TARGET_PREFIX) || !isJsonObject(parsed)) {
        return sendCognito(res, 400, { __type: 'UnknownOperationException' }, 'UnknownOperationException');
      }
      try {
        const signed = /^AWS4-HMAC-SHA256\s/.test(String(req.headers.authorization ?? ''));
        sendCognito(res, 200, await pool.run(target.slice(TARGET_PREFIX.length), parsed, signed));
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error;
        sendCognito(res, error.status, { __type: error.type, message: error.message }, error.type);
      }
    },
  };
  const jwks: Route = {
    method: 'GET',
    path: `/${pool.poolId}/.well-known/jwks.json`,
    handle: (_req, res) => sendJson(res, 200, pool.jwks(), { 'access-control-allow-origin': '*' }),
  };
  return [api, jwks];
}

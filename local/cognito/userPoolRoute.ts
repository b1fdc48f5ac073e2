/**
 * Amazon Cognito's user-pool JSON protocol on the API's own port: `POST /` with
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>` and an `application/x-amz-json-1.1`
 * body — what the AWS SDK's CognitoIdentityProviderClient and aws-amplify send to their endpoint —
 * and the pool's keys at `GET /<poolId>/.well-known/jwks.json`, where AWS serves a pool's.
 * Errors: HTTP 400 `{"__type", "message"}` (CommonErrors in the API reference).
 *
 * The `Admin*` actions and ListUsers are IAM-authorized in Cognito ("you must use IAM credentials to
 * authorize requests"): here their SigV4 signature is verified against the local IAM key, as /graphql
 * verifies one (local/auth/sigv4Verifier.ts), for the service the AWS SDK's
 * CognitoIdentityProviderClient signs for, `cognito-idp`; a bad one gets the verifier's 403. The
 * other actions are public in Cognito and the SDK sends them unsigned.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signedParts } from '../auth/signedParts.js';
import { SIGV4 } from '../auth/selectCaller.js';
import { verifySignature, type VerifierSettings } from '../auth/sigv4Verifier.js';
import { readJsonBody } from '../http/body.js';
import { flatHeaders, sendJson } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { isJsonObject } from '../jsonObject.js';
import { CognitoError } from './cognitoError.js';
import { requiresIam, type LocalUserPool } from './userPoolService.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/**
 * What browsers may send cross-origin: what aws-amplify's Cognito client sends (@aws-amplify/auth's
 * cognitoUserPoolTransferHandler: content-type, x-amz-target, cache-control; @aws-amplify/core's
 * user-agent and retry middleware: x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request) for
 * SignUp, InitiateAuth, RespondToAuthChallenge and GetUser, which need no credentials. No
 * `authorization` or other SigV4 header: a web page has no business calling the `Admin*` actions.
 */
const POOL_CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST,OPTIONS',
  'access-control-allow-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control,amz-sdk-invocation-id,amz-sdk-request',
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

const sendError = (res: ServerResponse, error: CognitoError): void =>
  sendCognito(res, error.status, { __type: error.type, message: error.message }, error.type);

/**
 * Whether an `Admin*` request is signed with the local key for cognito-idp: true, false (no
 * signature: the pool answers MissingAuthenticationTokenException), or the refusal to answer.
 */
async function adminSignature(req: IncomingMessage, raw: Buffer, iam: VerifierSettings): Promise<boolean | CognitoError> {
  if (!SIGV4.test(String(req.headers.authorization ?? ''))) return false;
  const check = await verifySignature({ ...signedParts(req, raw), headers: flatHeaders(req) }, { ...iam, service: 'cognito-idp' });
  return check.ok || new CognitoError(check.refusal.errorType, check.refusal.message, check.refusal.status);
}

/** `iam`: the local key and region, and (once listening) this server's hosts — the settings /graphql verifies with. */
export function userPoolRoutes(pool: LocalUserPool, iam: VerifierSettings): Route[] {
  const api: Route = {
    method: 'POST',
    path: '/',
    cors: true,
    preflightHeaders: POOL_CORS,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = await readJsonBody(req);
      if (!body.ok && body.problem === 'tooLarge')
        return sendError(res, new CognitoError('RequestEntityTooLargeException', `Request body ${body.detail}`, 413));
      if (!body.ok) return sendError(res, new CognitoError('SerializationException', 'The request body is not valid JSON'));
      const { bytes: raw, value: parsed } = body;
      if (!target.startsWith(TARGET_PREFIX) || !isJsonObject(parsed)) {
        return sendCognito(res, 400, { __type: 'UnknownOperationException' }, 'UnknownOperationException');
      }
      const action = target.slice(TARGET_PREFIX.length);
      try {
        const admin = requiresIam(action) ? await adminSignature(req, raw, iam) : false;
        if (admin instanceof CognitoError) return sendError(res, admin);
        sendCognito(res, 200, await pool.run(action, parsed, admin));
      } catch (error) {
        if (!(error instanceof CognitoError)) throw error;
        sendError(res, error);
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

/**
 * AppSync's EvaluateCode API, offline: `POST /v1/dataplane-evaluatecode`, what `aws appsync
 * evaluate-code` and the SDK's `EvaluateCodeCommand` send when given this server as endpoint.
 * - API: https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html
 * - Examples: https://docs.aws.amazon.com/appsync/latest/devguide/test-resolvers.html
 *
 * Who may call it: as on AWS, an IAM principal — here the local IAM key (DATA_DIR/iam-credentials.json,
 * owner-only), its SigV4 signature verified — and only from this machine (a loopback peer naming a
 * loopback host). So only who can already read DATA_DIR can submit code. Where the code runs: the
 * sandbox process (sandboxProcess.ts), never the server; the server only checks the code's syntax
 * (ESLint parses it; nothing of it runs here).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifySignature, type VerifierSettings } from '../auth/sigv4Verifier.js';
import { signedParts } from '../auth/signedParts.js';
import { readJsonBody } from '../http/body.js';
import { flatHeaders, sendJson } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { checkAppSyncJsSyntax, type SyntaxProblem } from '../engine/runtime/appsyncJsSyntaxCheck.js';
import { loadError } from '../engine/sandbox/codeErrors.js';
import { parseEvaluateCodeRequest } from '../engine/sandbox/evaluateRequest.js';
import type { CodeSandbox } from '../engine/sandbox/sandboxProcess.js';

export const EVALUATE_CODE_PATH = '/v1/dataplane-evaluatecode';
const SIGV4 = /^AWS4-HMAC-SHA256\s/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface EvaluateCodeRouteProps {
  /** The local IAM key and this API's region and hosts: the signature must verify with them. */
  iam: VerifierSettings;
  sandbox: CodeSandbox;
}

export function evaluateCodeRoute({ iam, sandbox }: EvaluateCodeRouteProps): Route {
  return {
    method: 'POST',
    path: EVALUATE_CODE_PATH,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const headers = flatHeaders(req);
      const refused = placeRefusal(req, headers);
      if (refused) {
        req.resume();
        return fail(res, 403, refused.type, refused.message);
      }
      const body = await readJsonBody(req);
      if (!body.ok && body.problem === 'tooLarge') return fail(res, 413, 'BadRequestException', 'The request body is larger than 1 MB');
      const check = await verifySignature({ ...signedParts(req, body.bytes!), headers }, { ...iam, service: 'appsync' });
      if (!check.ok) return fail(res, check.refusal.status, check.refusal.errorType, check.refusal.message);
      if (!body.ok) return fail(res, 400, 'BadRequestException', `The request body ${body.detail}`);
      const request = parseEvaluateCodeRequest(body.value);
      if (typeof request === 'string') return fail(res, 400, 'BadRequestException', request);
      const problems = syntaxProblems(request.code);
      if (problems.length > 0) return sendJson(res, 200, { error: loadError(problems), logs: [] });
      const outcome = await sandbox.evaluate(request);
      // AWS's common throttling error (https://docs.aws.amazon.com/appsync/latest/APIReference/CommonErrors.html).
      if (outcome.kind === 'busy') return fail(res, 400, 'ThrottlingException', 'Rate exceeded: other evaluations are still running');
      sendJson(res, 200, outcome.response);
    },
  };
}

/** AppSync's eslint rules over the code, as the server loads bundles; a parser that gives up (deep nesting) is a problem too. */
function syntaxProblems(code: string): Pick<SyntaxProblem, 'line' | 'column' | 'rule' | 'message'>[] {
  try {
    return checkAppSyncJsSyntax(code, 'code', { remember: false });
  } catch (error) {
    return [{ line: 0, column: 0, rule: 'syntax', message: error instanceof Error ? error.message : String(error) }];
  }
}

/** Unsigned, or not from this machine: refused before the body is read. */
function placeRefusal(req: IncomingMessage, headers: Record<string, string>): { type: string; message: string } | null {
  if (!SIGV4.test(headers.authorization ?? ''))
    return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const address = req.socket.remoteAddress ?? '';
  const hostname = (headers.host ?? '').replace(/:\d+$/, '');
  const loopbackPeer = address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
  if (!loopbackPeer || !LOOPBACK_HOSTS.has(hostname))
    return { type: 'AccessDeniedException', message: 'The local EvaluateCode endpoint serves this machine only' };
  return null;
}

/** An AWS JSON error: the SDK reads the type from `x-amzn-errortype`. */
function fail(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { message }, { 'x-amzn-errortype': type });
}

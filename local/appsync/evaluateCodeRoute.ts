/**
 * AppSync's EvaluateCode API, offline: `POST /v1/dataplane-evaluatecode`, what `aws appsync
 * evaluate-code` and the SDK's `EvaluateCodeCommand` send when given this server as endpoint.
 * The code runs in the local APPSYNC_JS runtime (the one that runs the deployed bundles).
 * - API: https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html
 *   (code 1–32768 chars, context 2–28000, function 'request' | 'response', runtime APPSYNC_JS 1.0.0;
 *   answer: evaluationResult, error {message, codeErrors}, logs, stash, outErrors)
 * - Examples: https://docs.aws.amazon.com/appsync/latest/devguide/test-resolvers.html
 *
 * Auth: AWS signs these requests with SigV4. Locally the signature is NOT verified (there are no
 * AWS credentials to verify it against), but the request must carry a SigV4 Authorization header
 * and come from a loopback address with a loopback Host: node:vm is not a security boundary, so
 * code sent here must only ever come from this machine's own user (a custom Authorization
 * header also keeps browsers' cross-site requests out: they need a CORS preflight, never answered).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, readBody, utf8OrNull } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { isJsonObject } from '../jsonObject.js';
import { UnsupportedSyntaxError } from './runtime/appsyncJsSyntaxCheck.js';
import { formatLogLine, type ResolverLogEntry } from './runtime/consoleLogs.js';
import { loadResolverSource, type HandlerOutcome, type LoadedResolver } from './runtime/loadResolver.js';

export const EVALUATE_CODE_PATH = '/v1/dataplane-evaluatecode';
/** The file name AppSync gives the code in messages and logs (`code.js:5:3`). */
const FILE_NAME = 'code.js';

export interface CodeError {
  errorType: string;
  value: string;
  location: { line: number; column: number; span: number };
}

export interface EvaluateCodeResponse {
  evaluationResult?: string;
  error?: { message: string; codeErrors?: CodeError[] };
  logs: string[];
  stash?: string;
  outErrors?: string;
}

interface EvaluateCodeRequest {
  code: string;
  context: Record<string, unknown>;
  handler: 'request' | 'response';
}

export function evaluateCodeRoute(): Route {
  return {
    method: 'POST',
    path: EVALUATE_CODE_PATH,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const refused = refusal(req);
      if (refused) {
        req.resume();
        return fail(res, refused.status, refused.type, refused.message);
      }
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) return fail(res, 413, 'BadRequestException', 'The request body is larger than 1 MB');
        throw error;
      }
      const parsed = parseRequest(utf8OrNull(body));
      if (typeof parsed === 'string') return fail(res, 400, 'BadRequestException', parsed);
      sendJson(res, 200, evaluateCode(parsed));
    },
  };
}

/** Runs one handler of `code` on `context` as AppSync's EvaluateCode does. */
export function evaluateCode({ code, context, handler }: EvaluateCodeRequest): EvaluateCodeResponse {
  const entries: ResolverLogEntry[] = [];
  const logs = (): string[] => entries.map((e) => formatLogLine(e, FILE_NAME));
  let resolver: LoadedResolver;
  try {
    resolver = loadResolverSource(code, 'code', { onLog: (entry) => entries.push(entry) });
  } catch (error) {
    return { error: loadError(error), logs: logs() };
  }
  const ctx = withAliases(context);
  let outcome: HandlerOutcome;
  try {
    outcome = resolver.call(handler, ctx);
  } catch (error) {
    if (error instanceof Error && /exports no (request|response)\(\)$/.test(error.message)) {
      const value = `Unable to find valid export for ${handler}`;
      return {
        error: {
          message: `Error: ${value}`,
          codeErrors: [{ errorType: 'MISSING_MAPPING_EXPORT', value, location: { line: 0, column: 0, span: 0 } }],
        },
        logs: logs(),
      };
    }
    // Anything the code itself threw (a TypeError, a `throw`): the evaluation failed.
    return { error: { message: String(error) }, logs: logs(), stash: json(ctx.stash), outErrors: '[]' };
  }
  const outErrors = json(
    outcome.state.appendedErrors.map((e) => ({ message: e.message, errorType: e.errorType, data: e.data, errorInfo: e.errorInfo })),
  );
  const common = { logs: logs(), stash: json(ctx.stash), outErrors };
  if (outcome.kind === 'error') return { error: { message: outcome.error.message }, ...common };
  return { evaluationResult: json(outcome.value), ...common };
}

/** AppSync's ctx has `arguments` and its alias `args`, and a `stash` object. */
function withAliases(context: Record<string, unknown>): Record<string, unknown> {
  const args = context.arguments ?? context.args ?? {};
  return { ...context, arguments: args, args, stash: isJsonObject(context.stash) ? context.stash : {} };
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/**
 * A load failure as AppSync reports code errors: one `code.js(<line>,<column>): error <rule>:
 * <sentence>` line per problem (the form AppSync's messages take, e.g. `code.js(5,44): error
 * @aws-appsync/no-regex: …`) and a PARSE_ERROR code error at each position.
 */
function loadError(error: unknown): { message: string; codeErrors: CodeError[] } {
  const problems: { line: number; column: number; rule?: string | null; message: string }[] =
    error instanceof UnsupportedSyntaxError
      ? error.problems
      : [{ line: 0, column: 0, message: error instanceof Error ? error.message : String(error) }];
  return {
    message: problems.map((p) => `${FILE_NAME}(${p.line},${p.column}): error${p.rule ? ` ${p.rule}` : ''}: ${p.message}`).join('\n'),
    codeErrors: problems.map((p) => ({
      errorType: 'PARSE_ERROR',
      value: p.message,
      location: { line: p.line, column: p.column, span: 0 },
    })),
  };
}

function parseRequest(text: string | null): EvaluateCodeRequest | string {
  if (text === null) return 'The request body is not valid UTF-8';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'The request body is not valid JSON';
  }
  if (!isJsonObject(raw)) return 'The request body must be a JSON object';
  const { code, context, runtime } = raw;
  const handler = raw.function ?? 'request';
  if (!isJsonObject(runtime) || runtime.name !== 'APPSYNC_JS' || runtime.runtimeVersion !== '1.0.0') {
    return "runtime must be {name: 'APPSYNC_JS', runtimeVersion: '1.0.0'}";
  }
  if (typeof code !== 'string' || code.length < 1 || code.length > 32768) return 'code must be a string of 1 to 32768 characters';
  if (typeof context !== 'string' || context.length < 2 || context.length > 28000)
    return 'context must be a string of 2 to 28000 characters';
  if (handler !== 'request' && handler !== 'response') return "function must be 'request' or 'response'";
  let ctx: unknown;
  try {
    ctx = JSON.parse(context);
  } catch {
    return 'context must be a JSON object';
  }
  if (!isJsonObject(ctx)) return 'context must be a JSON object';
  return { code, context: ctx, handler };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Who may not evaluate code here (see the file comment); null when the request may proceed. */
function refusal(req: IncomingMessage): { status: number; type: string; message: string } | null {
  const authorization = req.headers.authorization ?? '';
  if (!/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/appsync\/aws4_request,/.test(authorization)) {
    return { status: 403, type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  }
  const address = req.socket.remoteAddress ?? '';
  const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
  const loopbackPeer = address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
  if (!loopbackPeer || !LOOPBACK_HOSTS.has(hostname)) {
    return { status: 403, type: 'AccessDeniedException', message: 'The local EvaluateCode endpoint serves this machine only' };
  }
  return null;
}

/** An AWS JSON error: the SDK reads the type from `x-amzn-errortype`. */
function fail(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { message }, { 'x-amzn-errortype': type });
}

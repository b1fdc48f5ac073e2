/**
 * EvaluateCode's request and answer (https://docs.aws.amazon.com/appsync/latest/APIReference/API_EvaluateCode.html):
 * code 1–32768 characters, context a JSON object's text of 2–28000, function 'request' | 'response',
 * runtime APPSYNC_JS 1.0.0; the answer has evaluationResult, error {message, codeErrors}, logs,
 * stash, outErrors.
 */
import { isJsonObject } from '../../jsonObject.js';

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

export interface EvaluateCodeRequest {
  code: string;
  context: Record<string, unknown>;
  handler: 'request' | 'response';
}

/** The request (the body's JSON value), or the sentence saying what is wrong with it (a BadRequestException). */
export function parseEvaluateCodeRequest(raw: unknown): EvaluateCodeRequest | string {
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

/**
 * Runs one handler of submitted code on a context, as AppSync's EvaluateCode does, and words the
 * outcome as its answer. The code's syntax was checked already (evaluateCodeRoute.ts); this runs
 * only inside the sandbox process (sandboxProcess.ts), never in the server.
 */
import { isJsonObject } from '../../jsonObject.js';
import { formatLogLine, type ResolverLogEntry } from '../runtime/consoleLogs.js';
import { instantiateResolver, type HandlerOutcome, type LoadedResolver } from '../runtime/instantiateResolver.js';
import { CODE_FILE_NAME, loadError } from './codeErrors.js';
import type { EvaluateCodeRequest, EvaluateCodeResponse } from './evaluateRequest.js';

export function evaluateCode({ code, context, handler }: EvaluateCodeRequest): EvaluateCodeResponse {
  const entries: ResolverLogEntry[] = [];
  const logs = (): string[] => entries.map((e) => formatLogLine(e, CODE_FILE_NAME));
  let resolver: LoadedResolver;
  try {
    resolver = instantiateResolver(code, 'code', { onLog: (entry) => entries.push(entry) });
  } catch (error) {
    return { error: loadError([{ line: 0, column: 0, message: error instanceof Error ? error.message : String(error) }]), logs: logs() };
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
    return { error: { message: String(error) }, logs: logs(), stash: json(ctx.stash) ?? '{}', outErrors: '[]' };
  }
  const outErrors = json(
    outcome.state.appendedErrors.map((e) => ({ message: e.message, errorType: e.errorType, data: e.data, errorInfo: e.errorInfo })),
  );
  const stash = json(ctx.stash);
  const common = { logs: logs(), stash: stash ?? '{}', outErrors: outErrors ?? '[]' };
  if (outcome.kind === 'error') return { error: { message: outcome.error.message }, ...common };
  const result = json(outcome.value);
  // A value JSON cannot write (a cycle): the evaluation failed, as any error the code made (inferred).
  if (result === undefined) return { error: { message: 'TypeError: the result is not JSON: it refers to itself' }, ...common };
  return { evaluationResult: result, ...common };
}

/** AppSync's ctx has `arguments` and its alias `args`, and a `stash` object. */
function withAliases(context: Record<string, unknown>): Record<string, unknown> {
  const args = context.arguments ?? context.args ?? {};
  return { ...context, arguments: args, args, stash: isJsonObject(context.stash) ? context.stash : {} };
}

/** JSON text, `null` for undefined; undefined when the value cannot be written (it refers to itself). */
function json(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return undefined;
  }
}

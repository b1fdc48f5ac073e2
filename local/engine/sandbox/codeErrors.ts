/**
 * A code that does not load, as AppSync's EvaluateCode reports it: one `code.js(<line>,<column>):
 * error <rule>: <sentence>` line per problem (e.g. `code.js(5,44): error @aws-appsync/no-regex: …`)
 * and a PARSE_ERROR code error at each position.
 */
import type { CodeError } from './evaluateRequest.js';

/** The file name AppSync gives the code in messages and logs (`code.js:5:3`). */
export const CODE_FILE_NAME = 'code.js';

export interface CodeProblem {
  line: number;
  column: number;
  rule?: string | null;
  message: string;
}

export function loadError(problems: readonly CodeProblem[]): { message: string; codeErrors: CodeError[] } {
  return {
    message: problems.map((p) => `${CODE_FILE_NAME}(${p.line},${p.column}): error${p.rule ? ` ${p.rule}` : ''}: ${p.message}`).join('\n'),
    codeErrors: problems.map((p) => ({
      errorType: 'PARSE_ERROR',
      value: p.message,
      location: { line: p.line, column: p.column, span: 0 },
    })),
  };
}

/**
 * The sandbox process's entry (built by sandboxScript.ts, run by sandboxProcess.ts): evaluates one
 * request at a time from the server and answers on the IPC channel. It holds no secret, reads no
 * file and starts no process (Node's permission model refuses them), so code that escapes the
 * resolver realm finds nothing of the server's here.
 */
import { evaluateCode } from './evaluateCode.js';
import type { EvaluateCodeRequest, EvaluateCodeResponse } from './evaluateRequest.js';

interface Job {
  id: number;
  request: EvaluateCodeRequest;
}

process.on('message', (message: Job) => {
  let response: EvaluateCodeResponse;
  try {
    response = evaluateCode(message.request);
  } catch (error) {
    // A fault of the runtime itself, not of the code: still an answer, never a dead process.
    response = { error: { message: `Runtime error: ${error instanceof Error ? error.message : String(error)}` }, logs: [] };
  }
  process.send?.({ id: message.id, response });
});
// A promise the code left rejected is the code's business, not a reason to stop.
process.on('unhandledRejection', () => undefined);
// The server went away: nothing left to answer.
process.on('disconnect', () => process.exit(0));

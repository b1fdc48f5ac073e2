/**
 * Where submitted code runs: a separate Node process, never the server. node:vm is not a security
 * mechanism (Node's documentation says so), and code that escapes the resolver realm in the server
 * would run as the server, with its keys. In this process it finds:
 * - Node's permission model on: no file read or written, no child process, no worker, no addon
 *   (https://nodejs.org/docs/latest-v20.x/api/permissions.html); its script comes on stdin;
 * - no code generation from strings in any realm (`--disallow-code-generation-from-strings`), so the
 *   usual escape, a host `Function` reached and called with a string, throws;
 * - an empty environment and nothing of the server's state: no key, no token, no store handle;
 * - a heap limit, and a deadline per evaluation: past it the process is killed and the next
 *   evaluation gets a new one. A crash (out of memory, V8's fatal "invalid size") ends only it.
 * It can still open network connections (the permission model does not cover them in Node 20);
 * what it can reach needs the keys it does not have. One evaluation at a time, a short queue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import type { EvaluateCodeRequest, EvaluateCodeResponse } from './evaluateRequest.js';
import { sandboxScript } from './sandboxScript.js';
import { EXECUTION_TIMED_OUT } from '../runtime/callDeadline.js';

export interface SandboxLimits {
  /** Wall-clock time an evaluation may take, process start included. */
  timeoutMs: number;
  /** The process's V8 old-space limit. */
  memoryMb: number;
  /** Evaluations waiting behind the running one; more are refused. */
  maxQueued: number;
}

export type SandboxOutcome = { kind: 'answer'; response: EvaluateCodeResponse } | { kind: 'busy' };

export interface CodeSandbox {
  evaluate(request: EvaluateCodeRequest): Promise<SandboxOutcome>;
  close(): Promise<void>;
}

interface Job {
  id: number;
  request: EvaluateCodeRequest;
  resolve(outcome: SandboxOutcome): void;
  deadline?: NodeJS.Timeout;
  /** The process it was sent to: only that one's exit fails it. */
  process?: ChildProcess;
}

const STDERR_KEPT = 4096;

/** Node 22 renamed the flag and takes one path per flag; none are given here. */
const PERMISSION_FLAG = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

export function createCodeSandbox(limits: SandboxLimits): CodeSandbox {
  const queue: Job[] = [];
  let running: Job | undefined;
  let child: ChildProcess | undefined;
  let nextId = 0;
  let closed = false;

  const answer = (job: Job, response: EvaluateCodeResponse): void => {
    if (running !== job) return;
    running = undefined;
    clearTimeout(job.deadline);
    job.resolve({ kind: 'answer', response });
    setImmediate(runNext);
  };

  const fail = (job: Job, message: string): void => answer(job, { error: { message }, logs: [] });

  async function start(): Promise<ChildProcess> {
    const started = spawnSandboxProcess(await sandboxScript(), limits.memoryMb);
    // What V8 prints when it gives up (out of memory, "invalid size"): the crash's reason.
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT)));
    started.on('message', (message: { id?: unknown; response?: unknown }) => {
      const job = running;
      if (!job || message.id !== job.id || !isResponse(message.response)) return;
      answer(job, message.response);
    });
    started.once('exit', (code, signal) => {
      if (child === started) child = undefined;
      const job = running;
      if (job?.process === started) fail(job, crashMessage(stderr, code, signal, limits.memoryMb));
    });
    started.on('error', () => undefined);
    return started;
  }

  function runNext(): void {
    if (running || closed) return;
    const job = queue.shift();
    if (!job) return;
    running = job;
    job.deadline = setTimeout(() => {
      // The code may be in a loop that never yields: only a kill stops it. The next job gets a new process.
      child?.kill('SIGKILL');
      child = undefined;
      // AppSync's words for a request past its time (recorded as a field error); for EvaluateCode, inferred.
      fail(job, EXECUTION_TIMED_OUT);
    }, limits.timeoutMs);
    void (async () => {
      try {
        child ??= await start();
        if (running !== job) return;
        job.process = child;
        child.send({ id: job.id, request: job.request }, (error) => {
          if (error) fail(job, `The sandbox process could not take the code: ${error.message}`);
        });
      } catch (error) {
        fail(job, `The sandbox process could not start: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  }

  return {
    evaluate(request) {
      if (closed || queue.length >= limits.maxQueued) return Promise.resolve({ kind: 'busy' });
      return new Promise((resolve) => {
        queue.push({ id: (nextId += 1), request, resolve });
        runNext();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.resolve({ kind: 'busy' });
      const stopping = child;
      child = undefined;
      if (stopping && stopping.exitCode === null && stopping.signalCode === null) {
        const exited = new Promise<void>((resolve) => stopping.once('exit', () => resolve()));
        stopping.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * A Node process running `script` (read from its stdin) under the sandbox's rules, with an IPC
 * channel; its stderr is piped, its stdout ignored. Exported for the test of those rules.
 */
export function spawnSandboxProcess(script: string, memoryMb: number): ChildProcess {
  const started = spawn(
    process.execPath,
    [PERMISSION_FLAG, '--no-warnings', '--disallow-code-generation-from-strings', `--max-old-space-size=${memoryMb}`, '-'],
    { stdio: ['pipe', 'ignore', 'pipe', 'ipc'], env: {}, cwd: tmpdir(), serialization: 'json' },
  );
  started.stdin?.on('error', () => undefined);
  started.stdin?.end(script);
  return started;
}

function isResponse(value: unknown): value is EvaluateCodeResponse {
  return typeof value === 'object' && value !== null && Array.isArray((value as { logs?: unknown }).logs);
}

/** Why the process ended mid-evaluation, in a sentence (inferred: AppSync words none of these). */
function crashMessage(stderr: string, code: number | null, signal: NodeJS.Signals | null, memoryMb: number): string {
  if (/heap out of memory|invalid size error|invalid array length|Allocation failed/i.test(stderr))
    return `Runtime error: the code used more memory than an evaluation may (${memoryMb} MB)`;
  return `Runtime error: the evaluation stopped (${signal ?? `exit code ${code}`})`;
}

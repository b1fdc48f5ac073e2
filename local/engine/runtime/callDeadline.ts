/**
 * A deadline for each handler call of a resolver run in the server (issue 24, defect 4). AppSync
 * ends a request at 30 s with the field error `ExecutionTimeout` "Execution timed out."
 * (docs/fidelity.md); locally a handler's synchronous code holds every other request, so each call
 * is bounded by itself. Every loop body and function body of the code starts with a tick, added on
 * the line where the body starts (the code keeps its lines); every 1,024 ticks the clock is read, and
 * past the deadline, or past the tick ceiling (an array grown inside its own loop would abort V8
 * before any clock ran out), the call ends with AppSync's error. Native work — one pathological
 * `util.matches`, `new Array(n).fill()` — has no tick and stays unbounded (docs/security.md,
 * "Resolver calls"). A vm `timeout` would bound that too, at ~78 µs a call (a watchdog thread each
 * time); the ticks cost nothing measurable on the shipped resolvers.
 */
import vm from 'node:vm';
import { parse, type Node } from 'acorn';
import { simple } from 'acorn-walk';
import { ResolverError } from './errors.js';

/** The realm global the ticks call; a name no bundle uses (esbuild output never starts one with __appsync). */
export const TICK = '__appsyncTick';

/** AppSync's field error for a request past its limit (docs/fidelity.md, "Execution timed out."). */
export const EXECUTION_TIMED_OUT = 'Execution timed out.';
export const EXECUTION_TIMEOUT_TYPE = 'ExecutionTimeout';

export interface CallLimits {
  /** Wall time one handler call may run, in ms. */
  readonly timeoutMs: number;
  /** Loop iterations and function calls one handler call may make. */
  readonly maxTicks: number;
}

/** The server's bound: a third of AppSync's 30 s, since here the whole server waits. */
export const RESOLVER_CALL_LIMITS: CallLimits = { timeoutMs: 10_000, maxTicks: 10_000_000 };

type Body = Node & { type: string; start: number; end: number };

/** `source` (a script, e.g. esmToFunction's) with `TICK();` at the start of every loop and function body. */
export function withTicks(source: string): string {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'script' });
  const inserts: { at: number; text: string }[] = [];
  const call = `${TICK}();`;
  const atBody = (body: Body): void => {
    if (body.type === 'BlockStatement') inserts.push({ at: body.start + 1, text: call });
    else {
      // A single-statement loop body becomes a block; an arrow's expression body a sequence.
      inserts.push({ at: body.start, text: `{${call}` }, { at: body.end, text: '}' });
    }
  };
  const loop = (node: Node): void => atBody((node as Node & { body: Body }).body);
  const fn = (node: Node): void => {
    const { body, expression } = node as Node & { body: Body; expression?: boolean };
    if (expression) inserts.push({ at: body.start, text: `(${TICK}(), ` }, { at: body.end, text: ')' });
    else atBody(body);
  };
  simple(program, {
    ForStatement: loop,
    ForInStatement: loop,
    ForOfStatement: loop,
    WhileStatement: loop,
    DoWhileStatement: loop,
    FunctionDeclaration: fn,
    FunctionExpression: fn,
    ArrowFunctionExpression: fn,
  });
  // At one position, what closes an inner body goes before what opens another (the sort is stable).
  const opens = (text: string): number => (text === '}' || text === ')' ? 0 : 1);
  inserts.sort((a, b) => a.at - b.at || opens(a.text) - opens(b.text));
  let out = '';
  let from = 0;
  for (const { at, text } of inserts) {
    out += source.slice(from, at) + text;
    from = at;
  }
  return out + source.slice(from);
}

/**
 * The clock of one resolver's calls: `begin` before each handler call; `install` puts the tick in
 * the resolver's realm. The tick counts in the realm, so a tick is an increment there, and calls
 * the host once every 1,024 ticks.
 */
export class CallDeadline {
  private deadline = Infinity;
  private ticks = 0;
  constructor(private readonly limits: CallLimits) {}

  begin(): void {
    this.ticks = 0;
    this.deadline = performance.now() + this.limits.timeoutMs;
  }

  /** `wrap`: how a host function is handed to the realm (the membrane's). */
  install(context: vm.Context, global: Record<string, unknown>, wrap: (host: () => void) => unknown): void {
    const makeTick = new vm.Script(
      `(check) => { let n = 0; return () => { n = (n + 1) & ${TICKS_PER_CHECK - 1}; if (n === 0) check(); }; }`,
      {
        filename: 'callDeadline.js',
      },
    ).runInContext(context) as (check: unknown) => unknown;
    global[TICK] = makeTick(wrap(this.check));
  }

  private readonly check = (): void => {
    this.ticks += TICKS_PER_CHECK;
    if (this.ticks > this.limits.maxTicks || performance.now() > this.deadline)
      throw new ResolverError(EXECUTION_TIMED_OUT, EXECUTION_TIMEOUT_TYPE);
  };
}

const TICKS_PER_CHECK = 1024;

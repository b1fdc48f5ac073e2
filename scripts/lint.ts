/**
 * `npm run lint`: the project's checks at the same time, each its own npm script, so on two cores
 * they take about as long as the slowest (tsc) instead of their sum. Each step is named with its time
 * when it ends (a failed one with its whole output); the run fails when any step fails. tsc, Prettier and
 * dependency-cruiser keep caches in node_modules/.cache: a run after a small change rechecks little.
 */
import { spawn } from 'node:child_process';
import { projectRoot } from '../definitions/paths.js';

const STEPS = ['lint:codegen', 'lint:eslint', 'lint:layers', 'lint:types', 'format:check'];

interface Outcome {
  step: string;
  ok: boolean;
  seconds: number;
  output: string;
}

function run(step: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', step], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = (ok: boolean, more = ''): void =>
      resolve({ step, ok, seconds: (performance.now() - started) / 1000, output: output + more });
    child.once('error', (error) => done(false, String(error)));
    child.once('close', (code) => done(code === 0));
  });
}

const outcomes = await Promise.all(
  STEPS.map(async (step) => {
    const outcome = await run(step);
    console.log(`${outcome.ok ? 'ok  ' : 'FAIL'} ${step} (${outcome.seconds.toFixed(1)} s)`);
    if (!outcome.ok) console.log(outcome.output.trimEnd());
    return outcome;
  }),
);
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;

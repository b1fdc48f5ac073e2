/**
 * Runs what `npm start` runs (scripts/start.mjs) to its exit, for starts that must be
 * refused: resolves to the exit code and everything it printed. A start that becomes ready after
 * all is stopped at once and resolves with code null (so the test fails without waiting).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../definitions/paths.js';

export function startExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'scripts/start.mjs')], {
      cwd: projectRoot,
      env: { ...(process.env as Record<string, string>), HOST: '127.0.0.1', API_KEY: 'k', RESOLVER_LOGS: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('Orders API ready')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`did not exit:\n${output}`))), 60_000);
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, output })));
  });
}

export const nonEmptyLines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

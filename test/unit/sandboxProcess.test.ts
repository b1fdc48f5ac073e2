/**
 * The sandbox process's own rules (local/engine/sandbox/sandboxProcess.ts), tested with the same
 * launcher and a probe script that does what escaped code would try: what it can do is what code
 * that got out of the resolver realm could do there.
 */
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSandboxProcess } from '../../local/engine/sandbox/sandboxProcess.js';

const secretDir = mkdtempSync(join(tmpdir(), 'sandbox-probe-'));
const secretFile = join(secretDir, 'api-key');
writeFileSync(secretFile, 'da2-secret-the-sandbox-must-not-read\n', { mode: 0o600 });
const marker = join(secretDir, 'written-by-sandbox');

const PROBE = `
const attempt = (name, run) => { try { return [name, 'allowed', String(run()).slice(0, 80)]; } catch (error) { return [name, 'refused', String(error && (error.code || error.name))]; } };
process.on('message', () => {
  process.send([
    attempt('child_process', () => require('node:child_process').execSync('id').toString()),
    attempt('read', () => require('node:fs').readFileSync(${JSON.stringify(secretFile)}, 'utf8')),
    attempt('write', () => require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')),
    attempt('worker', () => new (require('node:worker_threads').Worker)('1', { eval: true })),
    attempt('Function', () => Function('return 1')()),
    attempt('eval', () => (0, eval)('1')),
    attempt('env', () => Object.keys(process.env).join(',') || 'empty'),
  ]);
});
`;

function probe(): Promise<[string, string, string][]> {
  const child = spawnSandboxProcess(PROBE, 64);
  return new Promise((resolve, reject) => {
    child.once('message', (m) => {
      child.kill();
      resolve(m as [string, string, string][]);
    });
    child.once('exit', (code) => reject(new Error(`probe exited ${code}`)));
    child.send('go');
  });
}

describe('the sandbox process', () => {
  it('cannot start processes, read or write files, start workers or compile strings; its environment is empty', async () => {
    const results = Object.fromEntries((await probe()).map(([name, verdict, detail]) => [name, { verdict, detail }]));
    expect(results.child_process).toEqual({ verdict: 'refused', detail: 'ERR_ACCESS_DENIED' });
    expect(results.read).toEqual({ verdict: 'refused', detail: 'ERR_ACCESS_DENIED' });
    expect(results.write).toEqual({ verdict: 'refused', detail: 'ERR_ACCESS_DENIED' });
    expect(results.worker).toEqual({ verdict: 'refused', detail: 'ERR_ACCESS_DENIED' });
    expect(results.Function).toEqual({ verdict: 'refused', detail: 'EvalError' });
    expect(results.eval).toEqual({ verdict: 'refused', detail: 'EvalError' });
    expect(results.env).toEqual({ verdict: 'allowed', detail: 'empty' });
    expect(existsSync(marker)).toBe(false);
  });

  it('dies alone when it exceeds its heap', async () => {
    const child = spawnSandboxProcess("process.on('message', () => { const a = []; for (;;) a.push({ n: a.length }); });", 32);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(signal ?? code))));
    child.send('go');
    expect(await exited).not.toBe('0');
    expect(stderr).toMatch(/heap out of memory|Allocation failed/);
  });
});

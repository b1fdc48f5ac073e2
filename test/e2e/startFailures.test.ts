/**
 * A start that cannot work says so in one sentence and leaves nothing behind: a busy port
 * (before DATA_DIR is even created), a data folder another server is using.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { startLocalServer, tempDataDir } from '../support/localServer.js';

/** Runs `npm start`'s entry point to its exit; it must not become ready. */
function startExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'local/main.ts')], {
      cwd: projectRoot,
      env: { ...(process.env as Record<string, string>), HOST: '127.0.0.1', API_KEY: 'k', RESOLVER_LOGS: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`did not exit:\n${output}`))), 60_000);
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, output })));
  });
}

const nonEmptyLines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

describe('start failures', () => {
  it('a busy port: one sentence naming the port, exit 1, and DATA_DIR not created', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    const dataDir = join(tmpdir(), `orders-never-${process.pid}-${Date.now()}`);
    try {
      const { code, output } = await startExpectingFailure({ PORT: String(port), DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(nonEmptyLines(output)).toEqual([
        `Port ${port} on 127.0.0.1 is already in use (another Orders API server?): stop it, or start this one with PORT=<a free port>.`,
      ]);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      holder.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a data folder another server is using: one sentence naming the folder and its pid; the first server is unharmed', async () => {
    const dataDir = tempDataDir();
    const first = await startLocalServer({ dataDir });
    try {
      const { code, output } = await startExpectingFailure({ PORT: '0', DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(nonEmptyLines(output)).toEqual([
        `DATA_DIR ${dataDir} is in use by another Orders API server (pid ${first.process.pid}): stop it, or start this one with another DATA_DIR.`,
      ]);
      const res = await fetch(first.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': first.apiKey },
        body: '{"query":"{ __typename }"}',
      });
      expect(res.status).toBe(200);
    } finally {
      await first.stop();
    }
    // Stopped: the folder is free again.
    const again = await startLocalServer({ dataDir });
    await again.stop();
  });
});

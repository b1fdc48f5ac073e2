/**
 * `npm run smoke -- --protocol` against `npm start`: the protocol set (smoke/protocol/answers.json)
 * run as a user runs it, against the server `npm start` runs (scripts/start.mjs), so every
 * recorded AppSync answer is what the local runtime answers; a wrong key fails it loudly.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { readAnswers } from '../../smoke/protocol/answers.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({ launcher: 'start' });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function runSmoke(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'tsx', 'smoke/run.ts', ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout }));
  });
}

describe('npm run smoke -- --protocol against npm start', () => {
  it('passes every answer of answers.json, one line each, and exits 0', async () => {
    const { code, stdout } = await runSmoke(['--protocol', '--graphql-url', server.graphqlUrl, '--api-key', server.apiKey]);
    const passed = stdout.split('\n').filter((l) => l.startsWith('pass  protocol '));
    expect(passed.length, stdout).toBe(readAnswers().answers.length);
    expect(stdout).toContain(`smoke: ${readAnswers().answers.length} passed, 0 failed`);
    expect(code).toBe(0);
  });

  it('fails, exit 1, when the answers differ (a wrong key: every HTTP answer is a 401)', async () => {
    const { code, stdout } = await runSmoke(['--protocol', '--graphql-url', server.graphqlUrl, '--api-key', 'da2-wrong']);
    expect(stdout).toMatch(/FAIL {2}protocol http\/empty-body/);
    expect(code).toBe(1);
  });
});

/**
 * `npm run smoke` against the local runtime: the post-deploy suite run as a user runs it (a child
 * process, `npx tsx smoke/run.ts` with the four flags), so the suite itself is tested — every check
 * passes against a correct API, and a wrong key makes it fail loudly with a non-zero exit.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { allChecks } from '../../smoke/allChecks.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});

afterAll(async () => {
  await server?.stop();
});

function runSmoke(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'tsx', 'smoke/run.ts', ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const flags = (keys: { apiKey: string; restKey: string }) => [
  '--graphql-url',
  server.graphqlUrl,
  '--api-key',
  keys.apiKey,
  '--rest-url',
  `${server.url}/`,
  '--rest-key',
  keys.restKey,
];

/** The result line of each check, by check name. */
function resultLines(stdout: string): Map<string, string> {
  const lines = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^(pass|FAIL) {2}(.*) \(\d+ ms\)$/.exec(line);
    if (match) lines.set(match[2]!, match[1]!);
  }
  return lines;
}

describe('npm run smoke against the local runtime', () => {
  it('passes every check, one line each, in a fresh smoke-… store, and exits 0', async () => {
    const { code, stdout, stderr } = await runSmoke(flags({ apiKey: server.apiKey, restKey: server.apiKey }));
    const results = resultLines(stdout);
    expect([...results.keys()]).toEqual(allChecks.map((c) => c.name));
    for (const [name, verdict] of results) expect(verdict, `${name}\n${stdout}`).toBe('pass');
    expect(stdout).toMatch(/store smoke-\d{8}T\d{6}Z-[0-9a-f]{6}/);
    expect(stdout).toContain(`real-time ${server.graphqlUrl.replace(/^http/, 'ws')}/realtime`);
    expect(stdout).toContain(`smoke: ${allChecks.length} passed, 0 failed`);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
  }, 120_000);

  it('fails, non-zero, with FAIL lines, when the keys are wrong', async () => {
    const { code, stdout } = await runSmoke(flags({ apiKey: 'not-the-key', restKey: 'not-the-rest-key' }));
    const results = resultLines(stdout);
    expect(results.size).toBe(allChecks.length);
    expect(results.get('graphql createOrder stores a new order and returns it with timestamp and created_at')).toBe('FAIL');
    expect(results.get('rest POST /new-order, new order: 201 {"statusCode":201,"body":{"message":"Order … submitted successfully"}}')).toBe(
      'FAIL',
    );
    expect(stdout).toMatch(/expected HTTP 201, got 403|expected HTTP 200, got 401/);
    expect(stdout).toMatch(/smoke: \d+ passed, [1-9]\d* failed/);
    expect(code).toBe(1);
  }, 120_000);

  it('refuses to start without a target, exit 2 with the usage', async () => {
    const { code, stderr } = await runSmoke(['--graphql-url', server.graphqlUrl]);
    expect(stderr).toContain('missing --api-key, --rest-url, --rest-key');
    expect(stderr).toContain('npm run smoke -- [options]');
    expect(code).toBe(2);
  }, 60_000);
});

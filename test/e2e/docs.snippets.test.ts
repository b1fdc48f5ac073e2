/**
 * The AWS SDK snippet of docs/local.md ("Unit-testing a resolver with EvaluateCode"), run as a
 * reader runs it — with tsx, from the project folder — against a local server: it works as shown,
 * and prints no AWS SDK Node-version notice (the snippet silences it before making its client; the
 * pinned SDK supports Node 20).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;
const script = join(projectRoot, `.docs-snippet-${process.pid}.mts`);

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(async () => {
  rmSync(script, { force: true });
  await server?.stop();
});

/** The first ```ts block under `heading` in docs/local.md. */
function snippet(heading: string): string {
  const doc = readFileSync(join(projectRoot, 'docs', 'local.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  const block = section && /^```ts\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!block) throw new Error(`no ts block under "## ${heading}" in docs/local.md`);
  return block;
}

describe('docs/local.md', () => {
  it('the EvaluateCode snippet runs as shown, without the SDK notice', async () => {
    const code = snippet('Unit-testing a resolver with EvaluateCode')
      .replaceAll('http://127.0.0.1:4000', server.url)
      .replaceAll("'.data/iam-credentials.json'", JSON.stringify(join(server.dataDir, 'iam-credentials.json')))
      .replace(/^JSON\.parse\(out\.evaluationResult!\);.*$/m, 'console.log(out.evaluationResult);');
    writeFileSync(script, code);
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(exitCode, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ operation: 'Query', limit: 5 });
    expect(stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
  }, 60_000);
});

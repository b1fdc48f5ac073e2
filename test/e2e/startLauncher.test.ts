/**
 * `npm start` runs local/main.ts compiled (scripts/start.mjs): the compiled runtime is rebuilt when
 * a source changed — a stale one never runs — and fails exactly as the sources run by tsx do.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { copyProject } from '../../harness/projectCopy.js';
import { tempDataDir } from '../../harness/localServer.js';

const copy = copyProject('orders-launcher-');
mkdirSync(join(copy.dir, 'scripts'));
copyFileSync(join(projectRoot, 'scripts', 'start.mjs'), join(copy.dir, 'scripts', 'start.mjs'));
afterAll(() => copy.remove());

const LAUNCHER = ['scripts/start.mjs'];
const SOURCES = ['--import', 'tsx', 'local/main.ts'];

/** Runs the copy's runtime until its ready line (then SIGTERM) or its exit; output is stdout + stderr. */
function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; ready: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: copy.dir,
      env: {
        ...(process.env as Record<string, string>),
        PORT: '0',
        HOST: '127.0.0.1',
        API_KEY: 'k',
        RESOLVER_LOGS: 'off',
        DATA_DIR: tempDataDir(),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let ready = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (!ready && /^Orders API ready/m.test(stdout)) {
        ready = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`neither ready nor exited:\n${stdout}${stderr}`))), 90_000);
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, ready, stdout, stderr })));
  });
}

const record = (): string => join(copy.dir, 'dist', 'local', 'inputs.json');

describe('npm start runs the compiled runtime', () => {
  it('compiles on first start, reuses it unchanged, and recompiles after a source is edited', async () => {
    const first = await run(LAUNCHER);
    expect(first.ready, first.stderr).toBe(true);
    const compiledAt = statSync(record()).mtimeMs;

    const second = await run(LAUNCHER);
    expect(second.ready, second.stderr).toBe(true);
    expect(statSync(record()).mtimeMs).toBe(compiledAt);

    // An edit to a module deep in the import graph shows at the very next start.
    appendFileSync(join(copy.dir, 'local', 'startEarly.ts'), "\nconsole.log('edited after the last build');\n");
    const third = await run(LAUNCHER);
    expect(third.ready, third.stderr).toBe(true);
    expect(third.stdout).toContain('edited after the last build');
    expect(statSync(record()).mtimeMs).toBeGreaterThan(compiledAt);
  });

  it('fails with the same message and exit code as the sources under tsx', async () => {
    const badSetting = { PORT: 'not-a-port' };
    const [compiled, sources] = [await run(LAUNCHER, badSetting), await run(SOURCES, badSetting)];
    expect(compiled.code).toBe(1);
    expect(compiled.ready).toBe(false);
    expect(compiled.stderr).toContain('Configuration error:');
    expect({ code: compiled.code, stderr: compiled.stderr }).toEqual({ code: sources.code, stderr: sources.stderr });

    // A resolver AppSync would refuse: `resolvers/<file>:line:column: …`, no stack trace.
    writeFileSync(
      join(copy.dir, 'resolvers', 'Query.userOrders.ts'),
      "export function request(ctx: { args: { n: number } }) {\n  let n = ctx.args.n;\n  n++;\n  return { operation: 'Scan', n };\n}\n\nexport function response(ctx: { result: unknown }) {\n  return ctx.result;\n}\n",
    );
    const [refused, refusedBySources] = [await run(LAUNCHER), await run(SOURCES)];
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      "resolvers/Query.userOrders.ts:3:3: APPSYNC_JS does not support the '++' operator (@aws-appsync/no-disallowed-unary-operators)",
    );
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({ code: refusedBySources.code, stderr: refusedBySources.stderr });

    // A source that does not compile: nothing stale runs, the sources fail through tsx exactly as before.
    appendFileSync(join(copy.dir, 'local', 'startEarly.ts'), '\nconst broken = ;\n');
    const [uncompiled, uncompiledSources] = [await run(LAUNCHER), await run(SOURCES)];
    expect(uncompiled.code).toBe(1);
    expect(uncompiled.stderr).toContain('local/startEarly.ts');
    expect({ code: uncompiled.code, stdout: uncompiled.stdout, stderr: uncompiled.stderr }).toEqual({
      code: uncompiledSources.code,
      stdout: uncompiledSources.stdout,
      stderr: uncompiledSources.stderr,
    });
  });
});

/**
 * `npm run synth` for real: scripts/synth.sh in a child process with a scrubbed environment (no
 * AWS variables, a throwaway HOME) and, where the machine allows it, no network at all
 * (`unshare -n`: a network namespace with nothing but a downed loopback).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { listResolvers } from '../../definitions/resolverWiring.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

const canUnshareNetwork = spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;

function scrubbedEnv(): NodeJS.ProcessEnv {
  // Built from nothing: no AWS_* variable, no profile, no ~/.aws of the caller.
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: mkdtempSync(join(tmpdir(), 'synth-home-')),
    LANG: 'C.UTF-8',
  };
}

describe('npm run synth (scripts/synth.sh)', () => {
  it(`writes cdk.out/ offline, without credentials${canUnshareNetwork ? ', with no network at all' : ''}`, () => {
    const script = join(projectRoot, 'scripts', 'synth.sh');
    const [command, args] = canUnshareNetwork ? ['unshare', ['-n', script]] : [script, []];
    const started = Date.now();
    const result = spawnSync(command, args, { cwd: projectRoot, env: scrubbedEnv(), encoding: 'utf8', timeout: 110_000 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`synth took ${seconds.toFixed(1)} s${canUnshareNetwork ? ' (no network namespace)' : ''}`);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    // -q: the template is not printed; nothing about credentials or failed lookups either.
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/credential|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|timed? ?out/i);
    // cdk.json configures every feature flag (featureFlags.test.ts): no "N feature flags are not configured".
    expect(result.stderr).not.toMatch(/feature flags? (is|are) not configured/);

    const templatePath = join(projectRoot, 'cdk.out', 'OrdersApi-dev.template.json');
    expect(existsSync(templatePath)).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as { Resources: Record<string, Resource> };
    const resolvers = Object.values(template.Resources).filter((r) => r.Type === 'AWS::AppSync::Resolver');
    const wiring = listResolvers();
    expect(resolvers).toHaveLength(wiring.length);
    for (const w of wiring) {
      const resolver = resolvers.find((r) => r.Properties.TypeName === w.typeName && r.Properties.FieldName === w.fieldName);
      expect(resolver, w.name).toBeDefined();
      expect(resolver!.Properties.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
      // The synth built the bundles; the deployed code is that file, byte for byte.
      const code = Buffer.from(resolver!.Properties.Code as string, 'utf8');
      expect(code.equals(readFileSync(bundlePathOf(w.name))), w.name).toBe(true);
    }
  }, 120_000);
});

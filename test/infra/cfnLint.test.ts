/**
 * The synthesized templates are clean under cfn-lint, AWS's CloudFormation linter (resource
 * properties against the CloudFormation specification, intrinsic functions, redundant
 * dependencies…): the dev template as `cdk synth` builds it by default, and the prod one with every
 * switch on (WAF, the alarm e-mail subscription, ALL field logs). Both are synthesized in this
 * process, as the other infra tests do, and checked by one cfn-lint run (a Python tool, ~2 s to
 * start; CI installs it). `npm run lint:cfn` (scripts/cfn-lint.sh) is the same check through the CLI's
 * synth, whose offline run synth.test.ts covers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackFromContext } from './helpers.js';

/** One finding of `cfn-lint --format json`. */
interface Finding {
  Filename: string;
  Level: string;
  Message: string;
  Rule: { Id: string };
}

const TEMPLATES = {
  dev: {},
  prod: { stage: 'prod', alarmEmail: 'ops@example.com', fieldLogLevel: 'ALL' },
} as const;

describe('cfn-lint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orders-cfn-lint-'));
  const files: Record<string, string> = {};
  let findings: Finding[] = [];

  beforeAll(() => {
    for (const [name, context] of Object.entries(TEMPLATES)) {
      const stack = stackFromContext({ ...context });
      files[name] = join(dir, `${stack.stackName}.template.json`);
      writeFileSync(files[name], JSON.stringify(Template.fromStack(stack).toJSON()));
    }
    const result = spawnSync('cfn-lint', ['--format', 'json', ...Object.values(files)], { encoding: 'utf8', timeout: 170_000 });
    // Exit 0: nothing found; 2/4/8 (or'ed): errors/warnings/informational, listed in the JSON; anything else: cfn-lint itself failed.
    expect(result.error, 'cfn-lint is not installed? pip install cfn-lint==1.51.0').toBeUndefined();
    expect([0, 2, 4, 6, 8, 10, 12, 14], `${result.stdout}\n${result.stderr}`).toContain(result.status);
    findings = JSON.parse(result.stdout || '[]') as Finding[];
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const describeFinding = (f: Finding): string => `${f.Level} ${f.Rule.Id}: ${f.Message}`;

  it('finds nothing in the dev template (OrdersApi-dev, the default context)', () => {
    expect(files.dev).toMatch(/OrdersApi-dev\.template\.json$/);
    expect(findings.filter((f) => f.Filename === files.dev).map(describeFinding)).toEqual([]);
  });

  it('finds nothing in the prod template (WAF, e-mail subscription, ALL field logs)', () => {
    expect(files.prod).toMatch(/OrdersApi-prod\.template\.json$/);
    expect(findings.filter((f) => f.Filename === files.prod).map(describeFinding)).toEqual([]);
  });
});

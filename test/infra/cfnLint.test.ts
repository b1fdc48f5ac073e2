/**
 * The synthesized template is clean under cfn-lint, AWS's CloudFormation linter (resource
 * properties against the CloudFormation specification, intrinsic functions, redundant
 * dependencies…): `npm run lint:cfn` (scripts/cfn-lint.sh) in a child process. cfn-lint is a Python
 * tool; CI installs it (`pip install cfn-lint`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';

describe('cfn-lint (scripts/cfn-lint.sh)', () => {
  it('finds nothing in the synthesized template', () => {
    const result = spawnSync('bash', [join(projectRoot, 'scripts', 'cfn-lint.sh')], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 170_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(result.stdout).toMatch(/^cfn-lint \d+\.\d+\.\d+ on \.\/OrdersApi-dev\.template\.json/m);
    expect(result.stdout).toContain('cfn-lint: no findings');
  }, 180_000);
});

/**
 * `npm ci` installs without warnings: the explorer plugin's graphiql-explorer 0.9 declares peer
 * ranges of graphql ≤15 and React ≤16, which npm overrode with 57 lines of `ERESOLVE overriding peer
 * dependency` at every install; package.json's `overrides` now give it the project's graphql, react
 * and react-dom (it works with them: the explorer's Chromium tests). A dry run of `npm ci` on the
 * project's package.json and lockfile, in a folder of its own, resolves exactly as the install does.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';

describe('npm ci', () => {
  it('resolves the lockfile without a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orders-npm-ci-'));
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(projectRoot, file), join(dir, file));
    const result = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const warnings = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => line.startsWith('npm warn'));
    expect(warnings).toEqual([]);
  }, 130_000);
});

/**
 * The project's fixes to its dependencies are patch files applied at install (patches/, by
 * patch-package from package.json's postinstall, which fails `npm ci` on a patch that no longer
 * applies or was made for another version). These tests hold the rest: every patch is for the
 * version installed and is applied as written (it reverses cleanly on the installed package), says
 * what it fixes above its diff, is listed in patches/README.md, and names the test that fails
 * without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { asShipped, installedVersion, patchesDir, patchFiles } from './asShipped.js';

const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const readme = readFileSync(join(patchesDir, 'README.md'), 'utf8');
const patches = patchFiles();

describe('patches/', () => {
  it('are applied at every install, and an install fails on one that does not apply or is for another version', () => {
    expect(packageJson.scripts.postinstall).toBe('patch-package --error-on-fail --error-on-warn');
    expect(packageJson.devDependencies['patch-package']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(patches.length).toBeGreaterThan(0);
  });

  for (const patch of patches) {
    describe(patch.file, () => {
      it('is for the exact version the project pins and installs', () => {
        const pinned = packageJson.dependencies[patch.pkg] ?? packageJson.devDependencies[patch.pkg];
        expect(pinned).toBe(patch.version);
        expect(installedVersion(patch.pkg)).toBe(patch.version);
      });

      it('says what it fixes, upstream and test, above its diff, and is listed in patches/README.md', () => {
        const text = readFileSync(join(patchesDir, patch.file), 'utf8');
        const header = text.slice(0, text.indexOf('diff --git '));
        expect(header).toMatch(/^Upstream: /m);
        const test = /^Test: (test\/\S+\.test\.ts)/m.exec(header);
        expect(test, 'a "Test: test/….test.ts" line').not.toBeNull();
        expect(existsSync(join(projectRoot, test![1]!))).toBe(true);
        expect(readme).toContain(patch.file);
      });
    });
  }

  it('are applied as written: reversed, the installed packages are as published', () => {
    for (const pkg of new Set(patches.map((patch) => patch.pkg))) asShipped(pkg).remove();
  });
});

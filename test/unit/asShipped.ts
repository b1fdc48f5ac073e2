/**
 * An installed package as it was published: a copy with this project's patches to it (patches/,
 * applied at install by patch-package) reversed, for tests that hold a patched package to the
 * original or show that a patch is what fixes a defect. Asking for it checks the patches too: it
 * throws when a patch is for another version than the one installed, or does not reverse cleanly
 * (it is not applied as written), so an upgrade that leaves a patch behind fails loudly.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../definitions/paths.js';

export const patchesDir = join(projectRoot, 'patches');

/** patch-package's file name: `<package>+<version>+<order>+<name>.patch` (`@scope+name` for a scoped package). */
const PATCH_NAME = /^(.+?)\+(\d+\.\d+\.\d+[^+]*)\+(\d{3})\+([\w-]+)\.patch$/;

export interface PatchFile {
  file: string;
  pkg: string;
  version: string;
  order: number;
  name: string;
}

/** Every patch in patches/, in the order patch-package applies them. */
export function patchFiles(): PatchFile[] {
  return readdirSync(patchesDir)
    .filter((file) => file.endsWith('.patch'))
    .sort()
    .map((file) => {
      const match = PATCH_NAME.exec(file);
      if (!match) throw new Error(`patches/${file}: not named <package>+<version>+<order>+<name>.patch`);
      return { file, pkg: match[1]!.replace('+', '/'), version: match[2]!, order: Number(match[3]), name: match[4]! };
    });
}

export function installedVersion(pkg: string): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface Shipped {
  /** The copy's package folder: `require(join(dir, 'index.js'))` loads the package as published. */
  dir: string;
  remove(): void;
}

export function asShipped(pkg: string): Shipped {
  const patches = patchFiles().filter((patch) => patch.pkg === pkg);
  const installed = installedVersion(pkg);
  for (const patch of patches) {
    if (patch.version !== installed) throw new Error(`patches/${patch.file} is for ${pkg} ${patch.version}, but ${installed} is installed`);
  }
  const root = mkdtempSync(join(tmpdir(), 'as-shipped-'));
  const dir = join(root, pkg);
  cpSync(join(projectRoot, 'node_modules', pkg), dir, { recursive: true });
  rmSync(join(dir, '.patch-package.json'), { force: true });
  // The copy's own dependencies resolve to the project's (Node looks in root/node_modules).
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'));
  // Newest first; paths in a patch are a/node_modules/<pkg>/…
  for (const patch of [...patches].reverse()) {
    try {
      execFileSync('git', ['apply', '--reverse', `-p${2 + pkg.split('/').length}`, join(patchesDir, patch.file)], {
        cwd: dir,
        stdio: 'pipe',
      });
    } catch (error) {
      rmSync(root, { recursive: true, force: true });
      const stderr = String((error as { stderr?: Buffer }).stderr ?? error);
      throw new Error(`patches/${patch.file} does not reverse on the installed ${pkg} (not applied as written?): ${stderr}`);
    }
  }
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

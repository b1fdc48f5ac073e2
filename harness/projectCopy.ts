/**
 * A throw-away copy of the project — what `npm start` / `npm run dev` need to run, with the
 * installed node_modules linked — for tests that edit resolvers, the schema or definitions.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../definitions/paths.js';

const COPIED = ['local', 'definitions', 'resolvers', 'schema.graphql', 'package.json', 'tsconfig.json'];

export interface ProjectCopy {
  dir: string;
  /** Removes the copy. */
  remove(): void;
}

export function copyProject(prefix: string): ProjectCopy {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of COPIED) cpSync(join(projectRoot, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What is on disk under a folder, for tests that must show a start changed nothing, or what it made. */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export interface Entry {
  /** Relative to the folder walked, with `/`. */
  path: string;
  stats: Stats;
}

/** Every entry under dir, depth first, without following links. */
export function walk(dir: string, prefix = ''): Entry[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const stats = lstatSync(join(dir, name));
      const entry = { path: `${prefix}${name}`, stats };
      return stats.isDirectory() ? [entry, ...walk(join(dir, name), `${prefix}${name}/`)] : [entry];
    });
}

/** Each entry's type, mode, size, inode, modification time and (files) content digest: what any write would change. */
export function snapshot(dir: string): string[] {
  return walk(dir).map(({ path, stats }) => {
    const digest = stats.isFile()
      ? createHash('sha256')
          .update(readFileSync(join(dir, path)))
          .digest('hex')
          .slice(0, 16)
      : '-';
    return `${path} ${stats.mode.toString(8)} ${stats.size} ${stats.ino} ${stats.mtimeMs} ${digest}`;
  });
}

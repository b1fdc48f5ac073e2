/**
 * local/files: owner-only folders and files that are never reached through a symbolic link, and
 * the kernel's word on who holds a lock. Real files in a temporary folder, under a umask that would
 * otherwise let others read (0o022), so every mode seen here is the module's doing.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockHolder } from '../../local/files/lockHolder.js';
import {
  createFileExclusively,
  keptFile,
  ownerOnlyDir,
  ownerOnlyTree,
  readOwnerOnlyFile,
  replaceFile,
  UnsafeEntryError,
  type UnsafeReason,
} from '../../local/files/ownerOnlyFile.js';
import { startEmbeddedStore, StoreLockedError } from '../../local/store/embeddedStore.js';

let umask: number;
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});

const fresh = (): string => mkdtempSync(join(tmpdir(), 'owner-only-'));
const modeOf = (path: string): number => lstatSync(path).mode & 0o777;

function refusal(action: () => unknown): { reason: UnsafeReason; path: string } | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof UnsafeEntryError) return { reason: error.reason, path: error.path };
    throw error;
  }
  return undefined;
}

/** A file outside the folder under test, and what it held: no call may change it. */
function outsideFile(content = 'outside\n'): string {
  const path = join(fresh(), 'target');
  writeFileSync(path, content, { mode: 0o644 });
  return path;
}

describe('ownerOnlyDir', () => {
  it('makes a folder and its missing parents 0700', () => {
    const root = fresh();
    expect(ownerOnlyDir(join(root, 'a', 'b'))).toBe(false);
    expect(modeOf(join(root, 'a'))).toBe(0o700);
    expect(modeOf(join(root, 'a', 'b'))).toBe(0o700);
  });

  it('tightens a looser folder and says so', () => {
    const dir = join(fresh(), 'loose');
    mkdirSync(dir, { mode: 0o755 });
    expect(ownerOnlyDir(dir)).toBe(true);
    expect(modeOf(dir)).toBe(0o700);
    expect(ownerOnlyDir(dir)).toBe(false);
  });

  it('refuses a link (to a folder, or dangling) and a file; followLink accepts a link to a folder of this user', () => {
    const root = fresh();
    const elsewhere = join(fresh(), 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o755 });
    symlinkSync(elsewhere, join(root, 'link'));
    symlinkSync(join(root, 'nothing'), join(root, 'dangling'));
    writeFileSync(join(root, 'file'), '');
    expect(refusal(() => ownerOnlyDir(join(root, 'link')))).toEqual({ reason: 'symbolic link', path: join(root, 'link') });
    expect(refusal(() => ownerOnlyDir(join(root, 'dangling')))?.reason).toBe('symbolic link');
    expect(refusal(() => ownerOnlyDir(join(root, 'dangling'), { followLink: true }))?.reason).toBe('symbolic link');
    expect(refusal(() => ownerOnlyDir(join(root, 'file')))?.reason).toBe('not a folder');
    expect(modeOf(elsewhere)).toBe(0o755);
    expect(ownerOnlyDir(join(root, 'link'), { followLink: true })).toBe(true);
    expect(modeOf(elsewhere)).toBe(0o700);
  });

  it("refuses another user's folder", () => {
    // As root, a folder given to nobody; otherwise `/`, which is root's.
    const dir = process.getuid!() === 0 ? fresh() : '/';
    if (process.getuid!() === 0) chownSync(dir, 65534, 65534);
    expect(refusal(() => ownerOnlyDir(dir, { followLink: true }))?.reason).toBe('another owner');
  });
});

describe('ownerOnlyTree', () => {
  it('tightens every folder to 0700 and every file to 0600, and lists what it changed; absent is nothing', () => {
    const root = fresh();
    mkdirSync(join(root, 'tree', 'sub'), { recursive: true, mode: 0o755 });
    chmodSync(join(root, 'tree'), 0o755);
    writeFileSync(join(root, 'tree', 'sub', 'a'), 'a', { mode: 0o644 });
    writeFileSync(join(root, 'tree', 'b'), 'b', { mode: 0o600 });
    expect(ownerOnlyTree(join(root, 'tree')).sort()).toEqual([
      join(root, 'tree'),
      join(root, 'tree', 'sub'),
      join(root, 'tree', 'sub', 'a'),
    ]);
    expect([modeOf(join(root, 'tree')), modeOf(join(root, 'tree', 'sub')), modeOf(join(root, 'tree', 'sub', 'a'))]).toEqual([
      0o700, 0o700, 0o600,
    ]);
    expect(ownerOnlyTree(join(root, 'tree'))).toEqual([]);
    expect(ownerOnlyTree(join(root, 'absent'))).toEqual([]);
  });

  it('refuses a link at any depth, before changing what it points to', () => {
    const root = fresh();
    const target = outsideFile();
    mkdirSync(join(root, 'tree', 'deep'), { recursive: true });
    symlinkSync(target, join(root, 'tree', 'deep', 'key'));
    expect(refusal(() => ownerOnlyTree(join(root, 'tree')))).toEqual({ reason: 'symbolic link', path: join(root, 'tree', 'deep', 'key') });
    expect(modeOf(target)).toBe(0o644);
  });
});

describe('readOwnerOnlyFile', () => {
  it('reads a file, tightening a looser mode; absent is undefined', () => {
    const path = join(fresh(), 'secret');
    writeFileSync(path, 'value', { mode: 0o644 });
    expect(readOwnerOnlyFile(path)?.toString()).toBe('value');
    expect(modeOf(path)).toBe(0o600);
    expect(readOwnerOnlyFile(join(fresh(), 'absent'))).toBeUndefined();
  });

  it('refuses a link without reading through it, a folder, and a FIFO (without waiting for a writer)', () => {
    const root = fresh();
    const target = outsideFile('planted');
    symlinkSync(target, join(root, 'link'));
    mkdirSync(join(root, 'folder'));
    expect(spawnSync('mkfifo', [join(root, 'fifo')]).status).toBe(0);
    expect(refusal(() => readOwnerOnlyFile(join(root, 'link')))?.reason).toBe('symbolic link');
    expect(refusal(() => readOwnerOnlyFile(join(root, 'folder')))?.reason).toBe('not a regular file');
    expect(refusal(() => readOwnerOnlyFile(join(root, 'fifo')))?.reason).toBe('not a regular file');
    expect(modeOf(target)).toBe(0o644);
  });
});

describe('createFileExclusively and replaceFile', () => {
  it('create: a 0600 file whole, once; false and nothing written when a file or any link is there', () => {
    const root = fresh();
    const target = outsideFile();
    symlinkSync(target, join(root, 'link'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    expect(createFileExclusively(join(root, 'new'), 'first')).toBe(true);
    expect(modeOf(join(root, 'new'))).toBe(0o600);
    expect(createFileExclusively(join(root, 'new'), 'second')).toBe(false);
    expect(readFileSync(join(root, 'new'), 'utf8')).toBe('first');
    expect(createFileExclusively(join(root, 'link'), 'through')).toBe(false);
    expect(createFileExclusively(join(root, 'dangling'), 'through')).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('outside\n');
    expect(readdirSync(root).sort()).toEqual(['dangling', 'link', 'new']);
  });

  it('replace: a link in the way is replaced by a 0600 file, its target untouched; no temporary file is left', () => {
    const root = fresh();
    const target = outsideFile();
    symlinkSync(target, join(root, 'pid'));
    replaceFile(join(root, 'pid'), '123\n');
    expect(lstatSync(join(root, 'pid')).isFile()).toBe(true);
    expect(modeOf(join(root, 'pid'))).toBe(0o600);
    expect(readFileSync(join(root, 'pid'), 'utf8')).toBe('123\n');
    expect(readFileSync(target, 'utf8')).toBe('outside\n');
    expect(modeOf(target)).toBe(0o644);
    expect(readdirSync(root)).toEqual(['pid']);
  });
});

describe('keptFile', () => {
  it('makes the file once and keeps it; when another process makes it first, that one is kept and returned', () => {
    const root = fresh();
    expect(keptFile(join(root, 'key'), () => 'mine')).toBe('mine');
    expect(keptFile(join(root, 'key'), () => 'again')).toBe('mine');
    // The other process links its file in while this one is making its own.
    const raced = keptFile(join(root, 'raced'), () => {
      writeFileSync(join(root, 'raced'), 'theirs', { mode: 0o600 });
      return 'mine';
    });
    expect(raced).toBe('theirs');
    expect(readFileSync(join(root, 'raced'), 'utf8')).toBe('theirs');
  });

  it('refuses a link there instead of reading or writing through it', () => {
    const root = fresh();
    const target = outsideFile('da2-planted');
    symlinkSync(target, join(root, 'api-key'));
    expect(refusal(() => keptFile(join(root, 'api-key'), () => 'mine'))?.reason).toBe('symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('da2-planted');
  });
});

describe('lockHolder and the embedded store', () => {
  it("names this process as the holder of the store's LevelDB LOCK while it is open, nobody once it is closed", async () => {
    const dataDir = fresh();
    const lock = join(dataDir, 'dynalite', 'LOCK');
    const store = await startEmbeddedStore(dataDir);
    try {
      expect(lockHolder(lock)).toEqual({ pid: process.pid });
      // The kernel's own line for it; as a waiter's, or for another inode of the same device, it says nothing.
      const line = readFileSync('/proc/locks', 'utf8')
        .split('\n')
        .find((l) => l.includes(` ${process.pid} `))!;
      expect(lockHolder(lock, line)).toEqual({ pid: process.pid });
      expect(lockHolder(lock, line.replace(/^(\d+:)\s+/, '$1 -> '))).toBeUndefined();
      expect(
        lockHolder(
          lock,
          line.replace(/:(\d+) /, (_, ino: string) => `:${BigInt(ino) + 1n} `),
        ),
      ).toBeUndefined();
      const second = await startEmbeddedStore(dataDir).catch((error: unknown) => error);
      expect(second).toBeInstanceOf(StoreLockedError);
      expect((second as StoreLockedError).holderPid).toBe(process.pid);
    } finally {
      await store.close();
    }
    expect(lockHolder(lock)).toBeUndefined();
    await (await startEmbeddedStore(dataDir)).close();
  });
});

/**
 * Files and folders only their owner can read, never reached through a symbolic link: how the local
 * runtime keeps everything in DATA_DIR (the API key, the page-token key, the IAM key, the user
 * pool, the store's folders, a TLS CA key).
 *
 * - Folders are made 0700 and files 0600 (whatever the process umask), and an existing one with a
 *   looser mode is tightened: the orders and the keys are readable by this user only.
 * - A file is written under a new, unguessable name opened with O_CREAT | O_EXCL | O_NOFOLLOW, then
 *   put in place with link(2) (create: fails if anything, even a dangling link, is there) or
 *   rename(2) (replace: a link in the way is replaced itself, never written through), so a reader
 *   never sees half a file and a planted link never redirects a write.
 * - A file is read with O_NOFOLLOW (a link is refused, not followed: a planted `api-key` must not
 *   choose the server's key), must be a regular file of this user, and has its mode tightened.
 *
 * O_NOFOLLOW guards the last component only: the folders on the way are the caller's to make or
 * check with ownerOnlyDir / ownerOnlyTree, which refuse links at every level below DATA_DIR.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';

/** 0 where the platform has no such flag (Windows): the owner and link checks then rest on lstat. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

export type UnsafeReason = 'symbolic link' | 'not a regular file' | 'not a folder' | 'another owner';

/** An entry the runtime will not use: the one shape every refusal here takes. */
export class UnsafeEntryError extends Error {
  constructor(
    readonly path: string,
    readonly reason: UnsafeReason,
    /** For `another owner`: the entry's uid. */
    readonly owner?: number,
  ) {
    super(`${path} ${UnsafeEntryError.describe(reason, owner)}`);
  }

  private static describe(reason: UnsafeReason, owner: number | undefined): string {
    if (reason === 'symbolic link') return 'is a symbolic link';
    if (reason === 'another owner') return `belongs to uid ${owner}, not to this user (uid ${currentUid()})`;
    return `is ${reason}`;
  }
}

function currentUid(): number | undefined {
  return process.geteuid?.();
}

/** Throws unless `stats` (from lstat or fstat) is this user's and not a link (and, unless `any`, a `kind`). */
function check(path: string, stats: Stats, kind: 'file' | 'folder' | 'any'): void {
  if (stats.isSymbolicLink()) throw new UnsafeEntryError(path, 'symbolic link');
  if (kind === 'folder' && !stats.isDirectory()) throw new UnsafeEntryError(path, 'not a folder');
  if (kind === 'file' && !stats.isFile()) throw new UnsafeEntryError(path, 'not a regular file');
  const uid = currentUid();
  if (uid !== undefined && stats.uid !== uid) throw new UnsafeEntryError(path, 'another owner', stats.uid);
}

/** The mode an entry of this kind must have: folders 0700, everything else 0600. */
const ownerOnlyMode = (stats: Stats): number => (stats.isDirectory() ? 0o700 : 0o600);

/** chmod to owner-only if any group/other bit is set; true if it was. (Never called on a link.) */
function tighten(path: string, stats: Stats): boolean {
  if ((stats.mode & 0o077) === 0) return false;
  chmodSync(path, ownerOnlyMode(stats));
  return true;
}

/**
 * Makes the folder (and missing parents) 0700, or checks the one there: a folder of this user's,
 * tightened to 0700. `followLink`: the path may itself be a link to a folder (DATA_DIR as the user
 * gave it); below DATA_DIR, never. Returns true if a looser mode was tightened.
 */
export function ownerOnlyDir(path: string, { followLink = false } = {}): boolean {
  let stats = existing(path, followLink);
  if (stats === undefined) {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    stats = lstatSync(path);
  }
  check(path, stats, 'folder');
  return tighten(path, stats);
}

/** lstat (or stat) of path, undefined if nothing is there (a dangling link is something). */
function existing(path: string, followLink = false): Stats | undefined {
  try {
    return followLink ? statSync(path) : lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return followLink ? existing(path) : undefined;
    throw error;
  }
}

/**
 * Checks what is at `path` (absent: nothing to do) and, for a folder, everything under it: no
 * links, every entry this user's; looser modes tightened (folders 0700, everything else 0600).
 * Returns the paths it tightened.
 */
export function ownerOnlyTree(path: string): string[] {
  const stats = existing(path);
  if (stats === undefined) return [];
  check(path, stats, 'any');
  const tightened = tighten(path, stats) ? [path] : [];
  if (!stats.isDirectory()) return tightened;
  return [...tightened, ...readdirSync(path).flatMap((name) => ownerOnlyTree(join(path, name)))];
}

/**
 * The content of a file the runtime keeps, or undefined if there is none. Refuses a link, anything
 * but a regular file (O_NONBLOCK: a planted FIFO cannot hang the start) and another user's file;
 * tightens a looser mode.
 */
export function readOwnerOnlyFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // Linux and macOS say ELOOP for O_NOFOLLOW on a link, FreeBSD EMLINK.
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafeEntryError(path, 'symbolic link');
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    check(path, stats, 'file');
    if ((stats.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** `data` in a new 0600 file beside `path`, under a name no one can have planted anything at. */
function staged(path: string, data: string | Buffer): string {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
  try {
    writeFileSync(fd, data);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  return temporary;
}

/**
 * Makes `path` with `data` only if nothing (no file, no link) is there: atomic across processes,
 * and whole from the moment it appears. False, with nothing written, if something was there.
 */
export function createFileExclusively(path: string, data: string | Buffer): boolean {
  const temporary = staged(path, data);
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/** Puts `data` at `path` atomically, replacing what is there — a link itself, never its target. */
export function replaceFile(path: string, data: string | Buffer): void {
  const temporary = staged(path, data);
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
}

/**
 * A file made once and kept: its content, made by `make` the first time. Two processes making it
 * at once both end up with the one that was kept (the first to link it in).
 */
export function keptFile(path: string, make: () => string): string {
  const kept = readOwnerOnlyFile(path);
  if (kept !== undefined) return kept.toString('utf8');
  const made = make();
  if (createFileExclusively(path, made)) return made;
  const theirs = readOwnerOnlyFile(path);
  if (theirs === undefined) throw new Error(`${path} appeared and vanished while this process was making it`);
  return theirs.toString('utf8');
}

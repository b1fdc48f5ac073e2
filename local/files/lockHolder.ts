/**
 * Who holds a lock on a file, from the kernel's own table (Linux: /proc/locks), e.g. the embedded
 * store's LevelDB LOCK. The kernel drops a process's locks when it dies — before it is reaped, so
 * a killed server that is still a zombie holds none — and a pid file can say nothing of the kind.
 * Elsewhere (no /proc/locks) nothing is known, and opening the store is what tells.
 */
import { readFileSync, statSync } from 'node:fs';

export interface LockHolder {
  /** Its pid as this process sees it; undefined when the kernel does not say (another pid namespace, an OFD lock). */
  pid: number | undefined;
}

/**
 * `/proc/locks` lines: `1: POSIX  ADVISORY  WRITE 1234 fe:00:2146994 0 EOF` — id, kind, mode,
 * access, pid, device (major:minor, hex) and inode of the file, range. Waiters (`1: -> POSIX …`)
 * hold nothing yet.
 */
const LOCK_LINE = /^\d+:\s+(\S+)\s+\S+\s+\S+\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/;

/** The holder of a lock on `path`, or undefined if the kernel lists none (or cannot be asked: `table` null). */
export function lockHolder(path: string, table: string | null = readLockTable()): LockHolder | undefined {
  if (table === null) return undefined;
  let stats;
  try {
    stats = statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
  // glibc's split of st_dev into the kernel's major and minor numbers (sys/sysmacros.h).
  const major = ((stats.dev >> 8n) & 0xfffn) | ((stats.dev >> 32n) & ~0xfffn);
  const minor = (stats.dev & 0xffn) | ((stats.dev >> 12n) & ~0xffn);
  for (const line of table.split('\n')) {
    const match = LOCK_LINE.exec(line);
    if (!match || match[1] === '->') continue;
    if (BigInt(`0x${match[3]}`) !== major || BigInt(`0x${match[4]}`) !== minor || BigInt(match[5]!) !== stats.ino) continue;
    const pid = Number(match[2]);
    return { pid: pid > 0 ? pid : undefined };
  }
  return undefined;
}

function readLockTable(): string | null {
  try {
    return readFileSync('/proc/locks', 'utf8');
  } catch {
    return null;
  }
}

/**
 * The backfill's Scan position between runs: the key after which to go on, saved atomically
 * (write a temporary file, then rename) so an interrupted save never leaves half a file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export type ItemKey = Record<string, string>;

export interface BackfillCounts {
  /** Items the Scan read (all of them, with or without created_at). */
  scanned: number;
  /** Items that lacked created_at (the Scan filter's matches). */
  matched: number;
  /** created_at written (dry run: would be written). */
  updated: number;
  /** The conditional update found created_at already there, the item gone or its timestamp changed. */
  alreadyDone: number;
  /** No epoch milliseconds after the last '#' of timestamp: left alone, keys listed. */
  unparseable: number;
}

export interface Checkpoint {
  readonly table: string;
  /** ExclusiveStartKey of the next Scan; absent once the Scan has reached the end. */
  readonly cursor?: ItemKey;
  readonly complete: boolean;
  /** Totals over every run that used this checkpoint. */
  readonly counts: BackfillCounts;
  readonly savedAt: string;
}

export const zeroCounts = (): BackfillCounts => ({ scanned: 0, matched: 0, updated: 0, alreadyDone: 0, unparseable: 0 });

export function loadCheckpoint(path: string, table: string): Checkpoint | undefined | { problem: string } {
  if (!existsSync(path)) return undefined;
  let saved: Checkpoint;
  try {
    saved = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
  } catch (error) {
    return { problem: `checkpoint ${path} is not JSON (${(error as Error).message}); remove it or pass --restart` };
  }
  if (saved.table !== table)
    return { problem: `checkpoint ${path} belongs to table "${saved.table}", not "${table}"; pass another --checkpoint` };
  return saved;
}

export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`);
  renameSync(temporary, path);
}

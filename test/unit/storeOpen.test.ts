/**
 * A LevelDB folder dynalite cannot open (here: another holder has its LOCK, as when two servers
 * start on one DATA_DIR at once). As published, dynalite swallows the failure: it listens, and its
 * first read ends the process with "Database is not open", without the cause. Patched
 * (patches/: report-open-failure), the failure is its server's 'error', with LevelDB's LEVEL_LOCKED;
 * and the embedded store's worker reports it as `locked` before its first call ends the thread.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLED_BODY } from '../../local/store/embeddedStore.js';
import { asShipped } from './asShipped.js';

const require = createRequire(import.meta.url);
const { Level } = require('level') as { Level: new (path: string) => { open(): Promise<void>; close(): Promise<void> } };
type Dynalite = (options: object) => Server;

/** What a server reports in `ms`: the first 'error' it emits, or undefined. */
function firstError(server: Server, ms: number): Promise<(Error & { cause?: { code?: string } }) | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    server.once('error', (error) => {
      clearTimeout(timer);
      resolve(error as Error & { cause?: { code?: string } });
    });
  });
}

describe('a LevelDB folder that another holder has locked', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'store-open-')), 'db');
  const holder = new Level(path);
  const shippedCopy = asShipped('dynalite');
  beforeAll(() => holder.open());
  afterAll(async () => {
    await holder.close();
    shippedCopy.remove();
  });

  it('dynalite as published reports nothing (the defect report-open-failure repairs)', async () => {
    const server = (require(shippedCopy.dir) as Dynalite)({ path });
    expect(await firstError(server, 1000)).toBeUndefined();
  });

  it("patched, dynalite reports it as its server's 'error', with LevelDB's cause", async () => {
    const server = (require('dynalite') as Dynalite)({ path });
    const error = await firstError(server, 5000);
    expect(error?.message).toBe('Database failed to open');
    expect(error?.cause?.code).toBe('LEVEL_LOCKED');
  });

  it("the store's worker reports it as locked, before its thread ends", async () => {
    const workerData = { path, dynalitePath: require.resolve('dynalite'), socketPath: undefined, throttledBody: THROTTLED_BODY };
    const worker = new Worker(new URL('../../local/store/storeWorker.cjs', import.meta.url), { workerData, execArgv: [] });
    const messages: unknown[] = [];
    worker.on('message', (message: unknown) => message !== 'beat' && messages.push(message));
    worker.on('error', () => {}); // the first call, failed by the same open, ends the thread: read at 'exit'
    const code = await new Promise<number>((resolve) => worker.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(messages[0]).toMatchObject({ locked: true, error: expect.stringContaining('Database failed to open') });
    expect(messages[0]).toMatchObject({ error: expect.stringContaining('LOCK') });
  });
});

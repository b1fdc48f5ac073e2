/**
 * A start that cannot work says so in one sentence and leaves nothing behind: a busy port
 * (before DATA_DIR is even created), a data folder another server is using (known from the
 * embedded store's LevelDB LOCK, which the kernel holds for the running server).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../support/dirSnapshot.js';
import { startLocalServer, tempDataDir, type LocalServer } from '../../harness/localServer.js';
import { nonEmptyLines, startExpectingFailure } from '../support/startExpectingFailure.js';

const inUse = (dataDir: string, pid: number | undefined): string =>
  `DATA_DIR ${dataDir} is in use by another Orders API server${pid === undefined ? '' : ` (pid ${pid})`}: stop it, or start this one with another DATA_DIR.`;

async function answers(server: LocalServer): Promise<number> {
  const res = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
    body: '{"query":"{ __typename }"}',
  });
  return res.status;
}

describe('start failures', () => {
  it('a busy port: one sentence naming the port, exit 1, and DATA_DIR not created', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    const dataDir = join(tmpdir(), `orders-never-${process.pid}-${Date.now()}`);
    try {
      const { code, output } = await startExpectingFailure({ PORT: String(port), DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(nonEmptyLines(output)).toEqual([
        `Port ${port} on 127.0.0.1 is already in use (another Orders API server?): stop it, or start this one with PORT=<a free port>.`,
      ]);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      holder.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a data folder another server is using: one sentence naming the folder and its pid, nothing written; the first server is unharmed', async () => {
    const dataDir = tempDataDir();
    // The first server has API_KEY set, so DATA_DIR holds no api-key file: a start without
    // API_KEY would make one if it wrote before knowing the folder is taken.
    const first = await startLocalServer({ launcher: 'start', dataDir });
    try {
      const before = snapshot(dataDir);
      const { code, output } = await startExpectingFailure({ PORT: '0', DATA_DIR: dataDir, API_KEY: '' });
      expect(code).toBe(1);
      expect(nonEmptyLines(output)).toEqual([inUse(dataDir, first.process.pid)]);
      expect(snapshot(dataDir)).toEqual(before);
      expect(await answers(first)).toBe(200);
    } finally {
      await first.stop();
    }
    // Stopped: the folder is free again.
    const again = await startLocalServer({ launcher: 'start', dataDir });
    await again.stop();
  });

  it('two starts at once on a new data folder: one serves, the other is refused with the sentence, and the kept key is the one printed', async () => {
    const dataDir = tempDataDir();
    const env = { API_KEY: '' };
    const starts = await Promise.allSettled([
      startLocalServer({ launcher: 'start', dataDir, env }),
      startLocalServer({ launcher: 'start', dataDir, env }),
    ]);
    const ready = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      expect(ready).toHaveLength(1);
      const refused = starts.find((s) => s.status === 'rejected')!.reason as Error;
      const printed = nonEmptyLines(refused.message).slice(1);
      expect(printed).toEqual([inUse(dataDir, ready[0]!.process.pid)]);
      const key = /API key (\S+)/.exec(ready[0]!.readyLine)![1];
      expect(readFileSync(join(dataDir, 'api-key'), 'utf8').trim()).toBe(key);
      expect(await answers({ ...ready[0]!, apiKey: key! })).toBe(200);
    } finally {
      for (const server of ready) await server.stop();
    }
  });
});

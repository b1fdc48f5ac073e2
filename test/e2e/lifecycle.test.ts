/**
 * The local runtime's settings and lifecycle: ready line, kept API key, clean stop, durability
 * across restart and SIGKILL, and a restart at once after a crash (DATA_DIR's ownership is the
 * store's LevelDB LOCK, which the kernel drops with the process, not a pid file).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { createOrder, startLocalServer, tempDataDir, userOrders } from '../../harness/localServer.js';

/**
 * A parent that never reaps: it starts the server in a process group of its own, then keeps its
 * event loop still until `release` exists, so a server killed meanwhile stays a zombie — what an
 * init that does not reap (this machine's, many containers') leaves after `kill -9` of `npm start`.
 */
const UNREAPING_PARENT = `
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const [release, ...args] = process.argv.slice(1);
const server = spawn(process.execPath, args, { stdio: 'inherit', detached: true });
process.stderr.write('server pid ' + server.pid + '\\n');
const still = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(release)) Atomics.wait(still, 0, 0, 50);
`;

/** The state letter of /proc/<pid>/stat (R, S, Z …), or undefined once the process is gone. */
function processState(pid: number): string | undefined {
  try {
    return /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

async function until(check: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('local runtime lifecycle', () => {
  it('prints one ready line with URLs and key, binds 127.0.0.1, and stops cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const server = await startLocalServer({ launcher: 'start' });
      expect(server.readyLine).toMatch(/^Orders API ready: GraphQL http:\/\/127\.0\.0\.1:\d+\/graphql /);
      expect(server.readyLine).toContain(`${server.url}/new-order`);
      expect(server.readyLine).toContain(`${server.url}/user-orders`);
      expect(server.readyLine).toContain(server.apiKey);
      expect(
        server
          .output()
          .split('\n')
          .filter((l) => l.startsWith('Orders API ready')),
      ).toHaveLength(1);
      expect(await server.stop(signal)).toBe(0);
    }
  });

  it('makes a random API key on first start, keeps it in DATA_DIR and prints it', async () => {
    const dataDir = tempDataDir();
    const env = { API_KEY: '' };
    const first = await startLocalServer({ launcher: 'start', dataDir, env });
    const key = /API key (\S+)/.exec(first.readyLine)![1]!;
    expect(key).toMatch(/^da2-[0-9a-f]{32}$/);
    expect(readFileSync(join(dataDir, 'api-key'), 'utf8').trim()).toBe(key);
    const ok = await createOrder(
      { graphqlUrl: first.graphqlUrl, apiKey: key },
      { store_id: 's', order_id: 'k1', user_id: 'u', grand_total: 1 },
    );
    expect(ok.body.data!.createOrder.order_id).toBe('k1');
    await first.stop();
    const second = await startLocalServer({ launcher: 'start', dataDir, env });
    expect(/API key (\S+)/.exec(second.readyLine)![1]).toBe(key);
    await second.stop();
  });

  it('keeps acknowledged orders across a clean restart, with nextTokens still valid', async () => {
    const dataDir = tempDataDir();
    const first = await startLocalServer({ launcher: 'start', dataDir });
    for (let i = 0; i < 3; i += 1) await createOrder(first, { store_id: 'durable', order_id: `r${i}`, user_id: 'u', grand_total: i });
    const page = (await userOrders(first, { store_id: 'durable', user_id: 'u', limit: 2 })).body.data!.userOrders;
    expect(await first.stop('SIGTERM')).toBe(0);
    const second = await startLocalServer({ launcher: 'start', dataDir, apiKey: first.apiKey });
    const rest = (await userOrders(second, { store_id: 'durable', user_id: 'u', limit: 2, nextToken: page.nextToken })).body.data!
      .userOrders;
    expect(rest.items).toHaveLength(1);
    expect(rest.nextToken).toBeNull();
    await second.stop();
  });

  it('keeps every acknowledged order after SIGKILL under load', async () => {
    const dataDir = tempDataDir();
    const first = await startLocalServer({ launcher: 'start', dataDir });
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop && i < 500; i += 1) {
        const order_id = `w${w}-${i}`;
        try {
          const { body } = await createOrder(first, { store_id: 'killed', order_id, user_id: `u${w}`, grand_total: i });
          if (body.data?.createOrder) acknowledged.push(order_id);
        } catch {
          return; // the server died mid-request: that order was never acknowledged
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(10);

    const second = await startLocalServer({ launcher: 'start', dataDir, apiKey: first.apiKey });
    const found = new Set<string>();
    for (let w = 0; w < 8; w += 1) {
      let nextToken: string | null = null;
      do {
        const { body } = await userOrders(second, { store_id: 'killed', user_id: `u${w}`, limit: 50, nextToken });
        for (const o of body.data!.userOrders.items) found.add(o.order_id);
        nextToken = body.data!.userOrders.nextToken;
      } while (nextToken);
    }
    const lost = acknowledged.filter((id) => !found.has(id));
    expect(lost).toEqual([]);
    await second.stop();
  });

  it('starts again at once after kill -9 of its process group, while the killed server is still a zombie', async () => {
    const dataDir = tempDataDir();
    const release = join(dataDir, '..', `release-${process.pid}-${Date.now()}`);
    const apiKey = `crash-${process.pid}`;
    const parent = spawn(process.execPath, ['-e', UNREAPING_PARENT, release, join(projectRoot, 'scripts/start.mjs')], {
      cwd: projectRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', API_KEY: apiKey, DATA_DIR: dataDir, RESOLVER_LOGS: 'off', LOG_LEVEL: 'NONE' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    parent.stdout.on('data', (c: Buffer) => (output += c.toString()));
    parent.stderr.on('data', (c: Buffer) => (output += c.toString()));
    let pid = 0;
    try {
      await until(
        () => output.includes('Orders API ready'),
        () => `the first server:\n${output}`,
      );
      pid = Number(/server pid (\d+)/.exec(output)![1]);
      const graphqlUrl = /GraphQL (\S+)/.exec(output)![1]!;
      expect(
        (await createOrder({ graphqlUrl, apiKey }, { store_id: 'crash', order_id: 'o1', user_id: 'u', grand_total: 1 })).body.errors,
      ).toBeUndefined();

      process.kill(-pid, 'SIGKILL');
      await until(
        () => processState(pid) === 'Z',
        () => `pid ${pid} to be a zombie`,
      );
      const second = await startLocalServer({ launcher: 'start', dataDir, apiKey });
      try {
        // The old pid still exists (a zombie) while the new server serves the same data.
        expect(processState(pid)).toBe('Z');
        const orders = (await userOrders(second, { store_id: 'crash', user_id: 'u' })).body.data!.userOrders.items;
        expect(orders.map((o) => o.order_id)).toEqual(['o1']);
      } finally {
        await second.stop();
      }
    } finally {
      pid ||= Number(/server pid (\d+)/.exec(output)?.[1] ?? 0);
      if (pid > 0 && processState(pid) !== 'Z' && processState(pid) !== undefined) process.kill(-pid, 'SIGKILL');
      writeFileSync(release, '');
      if (parent.exitCode === null) await new Promise((r) => parent.once('exit', r));
      rmSync(release, { force: true });
    }
  });

  it('a server.pid naming a live process (pid 1, this test) does not keep a start out', async () => {
    const dataDir = tempDataDir();
    for (const pid of [1, process.pid]) {
      writeFileSync(join(dataDir, 'server.pid'), `${pid}\n`);
      const server = await startLocalServer({ launcher: 'start', dataDir });
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses bad settings with a clear message', async () => {
    await expect(startLocalServer({ launcher: 'start', env: { PORT: 'abc' } })).rejects.toThrow(/PORT must be an integer/);
    await expect(startLocalServer({ launcher: 'start', tableName: 'x' })).rejects.toThrow(/TABLE_NAME must be/);
  });
});

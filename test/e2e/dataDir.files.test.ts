/**
 * DATA_DIR holds the orders and the server's secrets: everything the server makes there is
 * owner-only (folders 0700, files 0600, LevelDB's own files included), a looser folder left by an
 * earlier version is tightened, a folder of another user is refused, and no symbolic link in it is
 * ever followed — a link where a secret is read refuses the start, a link where the server writes
 * is replaced, and in no case does the file it points to change. Embedded store (LevelDB's files).
 */
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot, walk } from '../support/dirSnapshot.js';
import { createOrder, startLocalServer, tempDataDir, type ServerProcess } from '../../harness/localServer.js';
import { nonEmptyLines, startExpectingFailure } from '../support/startExpectingFailure.js';

/** A server started without API_KEY answers to the key it made and printed. */
async function startMakingKey(dataDir: string): Promise<ServerProcess> {
  const server = await startLocalServer({ launcher: 'start', dataDir, env: { API_KEY: '' } });
  return { ...server, apiKey: /API key (\S+)/.exec(server.readyLine)![1]! };
}

/** Entries under dataDir whose mode is not owner-only: `path mode` for each. */
function notOwnerOnly(dataDir: string): string[] {
  return walk(dataDir)
    .filter(({ stats }) => (stats.mode & 0o777) !== (stats.isDirectory() ? 0o700 : 0o600))
    .map(({ path, stats }) => `${path} ${(stats.mode & 0o777).toString(8)}`);
}

describe('files in DATA_DIR', () => {
  it('a new DATA_DIR: every folder 0700 and every file 0600 after a start, an order and a stop, LevelDB files included', async () => {
    // Not made by the test: the server creates DATA_DIR itself.
    const dataDir = join(tempDataDir(), 'new', 'data');
    const server = await startMakingKey(dataDir);
    try {
      for (let i = 0; i < 20; i += 1) {
        const { body } = await createOrder(server, { store_id: 'modes', order_id: `o${i}`, user_id: 'u', grand_total: i });
        expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      }
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      const names = walk(dataDir).map((e) => e.path);
      expect(names).toEqual(
        expect.arrayContaining([
          'api-key',
          'token-secret',
          'iam-credentials.json',
          'cognito/pool.json',
          'dynalite/CURRENT',
          'dynalite/LOCK',
          'store/dynamodb.sock',
        ]),
      );
      expect(notOwnerOnly(dataDir)).toEqual([]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(notOwnerOnly(dataDir)).toEqual([]);
  });

  it('a DATA_DIR left readable by an earlier version is made owner-only, and the start says so once', async () => {
    const dataDir = tempDataDir();
    const first = await startMakingKey(dataDir);
    await createOrder(first, { store_id: 'modes', order_id: 'o1', user_id: 'u', grand_total: 1 });
    await first.stop();
    // What a start before this change left: folders 0755, LevelDB's files 0644.
    for (const { path, stats } of walk(dataDir)) chmodSync(join(dataDir, path), stats.isDirectory() ? 0o755 : 0o644);
    chmodSync(dataDir, 0o755);
    const server = await startMakingKey(dataDir);
    try {
      expect(lstatSync(dataDir).mode & 0o777).toBe(0o700);
      expect(notOwnerOnly(dataDir)).toEqual([]);
      const notices = nonEmptyLines(server.output()).filter((line) => line.includes('owner-only'));
      expect(notices).toEqual([expect.stringContaining(`DATA_DIR ${dataDir} `)]);
    } finally {
      await server.stop();
    }
  });

  it('a DATA_DIR that belongs to another user is refused before anything is written in it', async () => {
    const uid = process.getuid!();
    // As root, a folder given to nobody; otherwise one that is root's.
    const dataDir = uid === 0 ? tempDataDir() : '/';
    if (uid === 0) chownSync(dataDir, 65534, 65534);
    const owner = lstatSync(dataDir).uid;
    // (Not a walk of `/`: its top level is enough to see a write.)
    const look = (): string[] => (uid === 0 ? snapshot(dataDir) : readdirSync(dataDir));
    const before = look();
    const { code, output } = await startExpectingFailure({ PORT: '0', DATA_DIR: dataDir, API_KEY: '' });
    expect(code).toBe(1);
    expect(nonEmptyLines(output)).toEqual([expect.stringContaining(`DATA_DIR ${dataDir} belongs to uid ${owner}`)]);
    expect(look()).toEqual(before);
  });

  describe('symbolic links planted in DATA_DIR', () => {
    /** Outside DATA_DIR: the files and folders a link points to, which no start may change. */
    function plant(entry: string, target: { file?: string; dir?: true }): { dataDir: string; outside: string } {
      const dataDir = tempDataDir();
      const outside = tempDataDir();
      const pointedAt = join(outside, 'target');
      if (target.dir) mkdirSync(pointedAt, { mode: 0o755 });
      else writeFileSync(pointedAt, target.file!, { mode: 0o644 });
      mkdirSync(dirname(join(dataDir, entry)), { recursive: true, mode: 0o700 });
      symlinkSync(pointedAt, join(dataDir, entry));
      return { dataDir, outside };
    }

    // Where a secret is read, and the folders the server writes in: a file, or a folder, outside.
    const refused: Array<[string, { file?: string; dir?: true }]> = [
      ['api-key', { file: 'da2-planted0000000000000000000000\n' }],
      ['token-secret', { file: `${'ab'.repeat(32)}\n` }],
      [
        'iam-credentials.json',
        { file: '{"Version":1,"AccessKeyId":"AKIAPLANTED000000000","SecretAccessKey":"planted-secret-planted-secret"}\n' },
      ],
      ['cognito/pool.json', { file: '{"poolId":"local_planted","clientId":"planted","groups":["admins"]}\n' }],
      ['dynalite', { dir: true }],
      ['store', { dir: true }],
      ['cognito', { dir: true }],
    ];
    it.each(refused)('%s -> outside: the start is refused naming the link, and what it points to is unchanged', async (entry, target) => {
      const { dataDir, outside } = plant(entry, target);
      const before = snapshot(outside);
      const { code, output } = await startExpectingFailure({ PORT: '0', DATA_DIR: dataDir, API_KEY: '' });
      expect(code).toBe(1);
      expect(nonEmptyLines(output)).toEqual([expect.stringContaining(`${join(dataDir, entry)} is a symbolic link`)]);
      expect(snapshot(outside)).toEqual(before);
    });

    it('server.pid (no longer used) -> a file outside: the start goes on, removes the link, and the file is unchanged', async () => {
      const { dataDir, outside } = plant('server.pid', { file: 'precious\n' });
      const before = snapshot(outside);
      const server = await startLocalServer({ launcher: 'start', dataDir });
      try {
        expect(readdirSync(dataDir)).not.toContain('server.pid');
        expect(readFileSync(join(outside, 'target'), 'utf8')).toBe('precious\n');
      } finally {
        await server.stop();
      }
      expect(snapshot(outside)).toEqual(before);
    });
  });
});

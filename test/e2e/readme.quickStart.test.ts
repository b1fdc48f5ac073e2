/**
 * The README's Quick start, run as pasted in a fresh copy of the project: its shell blocks, read
 * from README.md, in their order and in their terminals — `npm start` (terminal 1), the curl calls
 * with the key from `.data/api-key`, the aws-amplify app that subscribes (terminal 3), a user added,
 * signed in and creating an order that terminal 3 then prints. Two deviations, both forced: the
 * install (`npm ci`) is left out — the copy uses this project's node_modules, and CI runs `npm ci`
 * itself — and the port is a free one instead of 4000 (shared machines), in the commands and in the
 * subscriber's endpoint.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';

/** The shell blocks of the README's `## Quick start` section, in order. */
function quickStartBlocks(): string[] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start\n'));
  if (!section) throw new Error('README.md has no "## Quick start" section');
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** What a clone of the working tree holds: tracked and new files, nothing ignored (no .data, no dist). */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orders-quick-start-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: projectRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(projectRoot, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(projectRoot, file), join(dir, file));
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Terminal {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** A terminal running `script` in bash (errors stop it, as `set -e` would for a reader pasting lines). */
function terminal(script: string, cwd: string, env: NodeJS.ProcessEnv): Terminal {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** Ctrl-C, as the README says: the whole process group of that terminal. */
async function stop(t: Terminal | undefined): Promise<void> {
  if (!t || t.child.exitCode !== null || t.child.signalCode !== null) return;
  process.kill(-t.child.pid!, 'SIGINT');
  await Promise.race([t.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (t.child.exitCode === null && t.child.signalCode === null) process.kill(-t.child.pid!, 'SIGKILL');
}

let dir: string;
let port: number;
let env: NodeJS.ProcessEnv;
const running: Terminal[] = [];

beforeAll(async () => {
  dir = freshCopy();
  port = await freePort();
  env = { ...process.env };
  // A reader's shell has none of the test harness's settings.
  for (const name of [
    'API_KEY',
    'DATA_DIR',
    'HOST',
    'PORT',
    'TABLE_NAME',
    'DYNAMODB_ENDPOINT',
    'USER_POOL_ID',
    'USER_POOL_CLIENT_ID',
    'LOG_LEVEL',
  ])
    delete env[name];
});
afterAll(async () => {
  for (const t of running.reverse()) await stop(t);
  rmSync(dir, { recursive: true, force: true });
});

const onPort = (block: string): string => block.replaceAll('127.0.0.1:4000', `127.0.0.1:${port}`);

describe("the README's Quick start", () => {
  it('runs as pasted: start, call with the key, subscribe with aws-amplify, add and sign in a user, and the subscriber sees the order', async () => {
    const blocks = quickStartBlocks();
    expect(blocks).toHaveLength(4);
    const [serve, call, subscribe, signIn] = blocks as [string, string, string, string];

    // Terminal 1: `npm ci && npm start`, without the install.
    expect(serve).toMatch(/^# terminal 1.*\nnpm ci && npm start\n$/);
    const server = terminal('npm start', dir, { ...env, PORT: String(port) });
    running.push(server);
    await expect
      .poll(server.output, { timeout: 90_000, interval: 200 })
      .toMatch(/^Orders API ready: GraphQL http:\/\/127\.0\.0\.1:\d+\/graphql/m);

    // Terminal 2: the key from .data, createOrder and userOrders.
    const first = terminal(onPort(call), dir, env);
    expect(await first.exited, first.output()).toBe(0);
    expect(first.output()).toContain('"createOrder":{"store_id":"store1","order_id":"order1","user_id":"user1","grand_total":110');
    expect(first.output()).toMatch(
      /"userOrders":\{"items":\[\{"order_id":"order1","grand_total":110,"created_at":"[^"]+"\}\],"nextToken":null\}/,
    );

    // Terminal 3: aws-amplify, unmodified, trusting the local CA; it keeps running.
    expect(subscribe).toContain('NODE_EXTRA_CA_CERTS=.data/tls/ca.pem');
    const subscriber = terminal(onPort(subscribe), dir, { ...env, ORDERS_GRAPHQL_URL: `http://127.0.0.1:${port}/graphql` });
    running.push(subscriber);
    await expect.poll(subscriber.output, { timeout: 30_000, interval: 200 }).toContain('subscribed to the orders of store1');

    // Terminal 2: a user, signed in with Cognito's API, creates an order as themselves.
    const second = terminal(onPort(signIn), dir, env);
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toMatch(/"createOrder":\{"store_id":"store1","order_id":"alice1","user_id":"alice","grand_total":12\.5/);

    // Terminal 3 printed it.
    await expect
      .poll(subscriber.output, { timeout: 15_000, interval: 200 })
      .toMatch(/\{"store_id":"store1","order_id":"alice1","user_id":"alice"/);
  }, 240_000);
});

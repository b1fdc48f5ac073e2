/**
 * The tools a newcomer reaches for, run as the npm scripts run them: `npm run user` (help, add,
 * list, password reset, group add and remove, remove) and `npm run backfill` (help, what it says
 * without --endpoint or given the API's own URL, and a dry run that reports what it did not do).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { LocalUserPool } from '../../local/cognito/userPoolService.js';
import { ensureTable } from '../../local/store/ensureTable.js';
import { backfillClient } from '../../scripts/backfill/client.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no AWS settings or profile of the machine's, a throwaway HOME. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'tools-home-')),
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/** The tool in its own process; asynchronous, so a server in this process keeps answering it. */
function tool(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, script), ...args], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
}

describe('npm run user', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'user-cli-'));
  const user = (...args: string[]): Promise<Run> => tool('scripts/user.ts', args, cleanEnv({ DATA_DIR: dataDir }));
  const PASSWORD = 'Correct-h0rse!1';

  it('--help prints the usage and exits 0; an unknown option prints it with the problem and exits 2', async () => {
    const help = await user('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run user -- <command>/);
    for (const command of ['add <name>', 'list', 'password <name>', 'group add', 'group remove', 'remove <name>'])
      expect(help.stdout).toContain(command);
    const bogus = await user('--bogus');
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain("Unknown option '--bogus'");
    expect(bogus.stderr).toContain('usage: npm run user');
  });

  it('adds, lists, resets a password, moves between groups and removes users', async () => {
    expect((await user('add', 'alice', '--password', PASSWORD, '--email', 'alice@example.com')).status).toBe(0);
    expect((await user('add', 'root', '--password', PASSWORD, '--admin')).status).toBe(0);
    const listed = await user('list');
    expect(listed.stdout).toMatch(
      /2 users\nalice\tCONFIRMED\tgroups: -\temail: alice@example.com\nroot\tCONFIRMED\tgroups: admins\temail: -\n$/,
    );

    expect((await user('group', 'remove', 'root', 'admins')).status).toBe(0);
    expect((await user('group', 'add', 'alice', 'admins')).status).toBe(0);
    expect((await user('password', 'alice', '--password', 'Another-h0rse!2')).status).toBe(0);
    expect((await user('list')).stdout).toMatch(
      /alice\tCONFIRMED\tgroups: admins\temail: alice@example.com\nroot\tCONFIRMED\tgroups: -\temail: -\n$/,
    );
    // The new password signs in; the old one does not.
    const pool = await LocalUserPool.open(dataDir);
    pool.setBaseUrl('http://127.0.0.1:4000');
    const signIn = (password: string) =>
      pool.run(
        'InitiateAuth',
        { ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: password } },
        false,
      );
    await expect(signIn(PASSWORD)).rejects.toMatchObject({ type: 'NotAuthorizedException' });
    expect((await signIn('Another-h0rse!2')).AuthenticationResult).toBeDefined();

    expect((await user('password', 'root', '--password', 'Temporary-h0rse!3', '--temporary')).status).toBe(0);
    expect((await user('list')).stdout).toContain('root\tFORCE_CHANGE_PASSWORD');
    expect((await user('remove', 'alice')).status).toBe(0);
    expect((await user('list')).stdout).toMatch(/1 user\nroot\t/);
    const gone = await user('remove', 'alice');
    expect(gone.status).toBe(1);
    expect(gone.stderr).toContain('UserNotFoundException: User does not exist.');
  }, 120_000);
});

describe('npm run backfill', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const backfill = (...args: string[]): Promise<Run> => tool('scripts/backfill.ts', args, cleanEnv());

  it('--help prints the usage and exits 0', async () => {
    const help = await backfill('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run backfill -- --table <name>/);
    expect(help.stdout).toContain('DATA_DIR/store/dynamodb.sock');
  });

  it('without --endpoint and no AWS region: says what to set, not "Region is missing"', async () => {
    const run = await backfill('--table', 'Orders', '--check-only');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no --endpoint, so the backfill goes to DynamoDB in AWS, and no region is set: set AWS_REGION');
    expect(run.stderr).not.toContain('Region is missing');
  });

  it("given the API server's own URL: says it is not a DynamoDB endpoint, and where the store is", async () => {
    const run = await backfill('--table', 'Orders', '--check-only', '--endpoint', server.url);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is not a DynamoDB endpoint');
    expect(run.stderr).toContain('--endpoint .data/store/dynamodb.sock');
  });

  it('a dry run says nothing was written, and shows no update rate or unknown item count as "about 0"', async () => {
    const doc = backfillClient(server.storeEndpoint);
    const table = `DryRun_${process.pid}`;
    await ensureTable(doc as never, table);
    for (let i = 0; i < 3; i += 1)
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { store_id: 's', order_id: `o${i}`, user_id: 'u', grand_total: 1, timestamp: `u#154409215824${i}` },
        }),
      );
    // The embedded store reports ItemCount 0 until it updates it (as DynamoDB does, about every
    // six hours); DynamoDB Local reports the count at once. The tool words each honestly.
    const described = await doc.send(new DescribeTableCommand({ TableName: table }));
    doc.destroy();
    const run = await backfill('--table', table, '--endpoint', server.storeEndpoint, '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('about 0 items');
    if (described.Table?.ItemCount === 3) {
      expect(run.stdout).toContain('about 3 items');
      expect(run.stdout).toMatch(/\(dry run, nothing written\): scanned 3 \(~100% of about 3\), would write 3, unparseable 0/);
    } else {
      expect(described.Table?.ItemCount).toBe(0);
      expect(run.stdout).toContain('item count not known yet');
      expect(run.stdout).toMatch(/\(dry run, nothing written\): scanned 3, would write 3, unparseable 0/);
    }
    expect(run.stdout).not.toMatch(/updates\/s/);
  });
});

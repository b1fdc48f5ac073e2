/**
 * Users added at the same moment by several processes (the server's AdminCreateUser, `npm run user` in
 * another terminal) are all kept — each user is its own file, created exclusively — and one name
 * added twice at once has exactly one winner. With the single users.json of before, the first test
 * lost users (read-modify-write races between processes).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { addUser, cognitoClient, PASSWORD, poolOf, signIn, type PoolInfo } from '../../harness/cognito.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

const run = promisify(execFile);

let server: LocalServer;
let pool: PoolInfo;

beforeAll(async () => {
  server = await startLocalServer();
  pool = poolOf(server);
});
afterAll(async () => {
  await server?.stop();
});

/** `npm run user -- add <name>` as its own process, on the server's DATA_DIR. */
function addWithCli(name: string) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/user.ts', 'add', name, '--password', PASSWORD], {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: server.dataDir },
  }).then(
    () => 'added',
    (e: { stderr: string }) => e.stderr,
  );
}

/** Node code run as a separate process that adds `count` users through the local pool's own service. */
function addInProcess(prefix: string, count: number) {
  const script = `
    import { LocalUserPool } from './local/cognito/userPoolService.ts';
    const pool = await LocalUserPool.open(process.env.DATA_DIR);
    for (let i = 0; i < ${count}; i += 1) {
      await pool.run('AdminCreateUser', { UserPoolId: pool.poolId, Username: '${prefix}' + i }, true);
      await pool.run('AdminSetUserPassword', { UserPoolId: pool.poolId, Username: '${prefix}' + i, Password: '${PASSWORD}', Permanent: true }, true);
    }
  `;
  return run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: server.dataDir },
  });
}

describe('users added concurrently by several processes', () => {
  it('keeps every one of 4 processes × 40 users added as fast as they can', async () => {
    const prefixes = ['p0-', 'p1-', 'p2-', 'p3-'];
    await Promise.all(prefixes.map((prefix) => addInProcess(prefix, 40)));
    // Every user is there with its password set (CONFIRMED: AdminSetUserPassword's write landed);
    // AdminGetUser reads the user's file without a password check (each sign-in costs an scrypt).
    const admin = cognitoClient(pool);
    const notConfirmed: string[] = [];
    for (const prefix of prefixes)
      for (let i = 0; i < 40; i += 1) {
        const user = await admin
          .send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: `${prefix}${i}` }))
          .catch((e: Error) => ({ UserStatus: e.name }));
        if (user.UserStatus !== 'CONFIRMED') notConfirmed.push(`${prefix}${i}: ${user.UserStatus}`);
      }
    expect(notConfirmed).toEqual([]);
    // And the password each process set signs its last user in.
    for (const prefix of prefixes) expect((await signIn(pool, `${prefix}39`)).IdToken).toMatch(/^eyJ/);
  }, 180_000);

  it('one name added by two processes at once: exactly one wins, the other gets UsernameExistsException', async () => {
    const outcomes = await Promise.all([
      addWithCli('twice'),
      addUser(pool, 'twice').then(
        () => 'added',
        (e: Error) => e.name,
      ),
    ]);
    expect(outcomes.filter((o) => o === 'added')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'added')[0]).toMatch(/UsernameExistsException/);
    expect((await signIn(pool, 'twice')).IdToken).toMatch(/^eyJ/);
  }, 120_000);
});

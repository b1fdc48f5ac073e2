/**
 * `npm run user -- add <name> --password <password> [--admin] [--email <address>]`: a user of the
 * local user pool, signed in to at once (confirmed, permanent password), in group `admins` with
 * `--admin`. It writes DATA_DIR/cognito directly, through the same pool code and the same
 * AdminCreateUser / AdminSetUserPassword / AdminAddUserToGroup actions the server serves, so it
 * works whether the server runs or not (the server reads the users afresh on every sign-in). This
 * is how people are added locally, as an administrator adds them to the stack's pool: neither
 * takes sign-ups (definitions/userPool.ts). Whoever can run it can write DATA_DIR, so it acts as
 * the administrator without signing.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMINS_GROUP } from '../definitions/userPool.js';
import { CognitoError } from '../local/cognito/cognitoError.js';
import { LocalUserPool } from '../local/cognito/userPoolService.js';

const USAGE = 'usage: npm run user -- add <name> --password <password> [--admin] [--email <address>]';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { password: { type: 'string' }, admin: { type: 'boolean', default: false }, email: { type: 'string' } },
  });
  const [command, username] = positionals;
  if (command !== 'add' || !username || !values.password || positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const pool = await LocalUserPool.open(dataDir);
  const UserPoolId = pool.poolId;
  const attributes = values.email
    ? [
        { Name: 'email', Value: values.email },
        { Name: 'email_verified', Value: 'true' },
      ]
    : [];
  try {
    await pool.run('AdminCreateUser', { UserPoolId, Username: username, UserAttributes: attributes }, true);
    await pool.run('AdminSetUserPassword', { UserPoolId, Username: username, Password: values.password, Permanent: true }, true);
    if (values.admin) await pool.run('AdminAddUserToGroup', { UserPoolId, Username: username, GroupName: ADMINS_GROUP }, true);
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    console.error(`${error.type}: ${error.message}`);
    return 1;
  }
  console.log(
    `Added ${username}${values.admin ? ` (group ${ADMINS_GROUP})` : ''} to user pool ${UserPoolId} (client ${pool.clientId}) in ${dataDir}`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

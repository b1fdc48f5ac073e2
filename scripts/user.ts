/**
 * `npm run user -- <command>`: the local user pool's people, as an administrator manages the stack's
 * pool (neither takes sign-ups: definitions/userPool.ts). It writes DATA_DIR/cognito directly,
 * through the same pool code and the same Admin* actions the server serves, so it works whether the
 * server runs or not (the server reads the users afresh on every request). Whoever can run it can
 * write DATA_DIR, so it acts as the administrator without signing.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMINS_GROUP } from '../definitions/userPool.js';
import { CognitoError } from '../local/cognito/cognitoError.js';
import { LocalUserPool } from '../local/cognito/userPoolService.js';

const USAGE = `usage: npm run user -- <command>

  add <name> --password <password> [--admin] [--email <address>]
                                   a user who can sign in at once (confirmed, permanent password);
                                   --admin: in group ${ADMINS_GROUP} (may act for any user)
  list                             every user: name, status, groups, email
  password <name> --password <password> [--temporary]
                                   sets a new password (--temporary: the user must choose another
                                   at the next sign-in, NEW_PASSWORD_REQUIRED)
  group add <name> <group>         puts the user in a group (the pool's groups: ${ADMINS_GROUP})
  group remove <name> <group>      takes the user out of it
  remove <name>                    deletes the user
  help                             this text

The pool is DATA_DIR/cognito (DATA_DIR: ${process.env.DATA_DIR ? '$DATA_DIR' : './.data'}); the server need not be stopped.
Passwords: 12+ characters with upper and lower case, a digit and a symbol (definitions/userPool.ts).`;

type Body = Record<string, unknown>;
type UserType = { Username: string; UserStatus: string; Attributes: Array<{ Name: string; Value: string }> };

interface Command {
  positionals: string[];
  values: { password?: string; admin?: boolean; email?: string; temporary?: boolean; help?: boolean };
}

function parse(argv: string[]): Command | { problem: string } {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        password: { type: 'string' },
        admin: { type: 'boolean' },
        email: { type: 'string' },
        temporary: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    return { positionals, values };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** What one command does with the pool; a string is a usage problem. */
async function run(pool: LocalUserPool, { positionals, values }: Command): Promise<string | undefined> {
  const UserPoolId = pool.poolId;
  const admin = (action: string, body: Body): Promise<Body> => pool.run(action, { UserPoolId, ...body }, true);
  const [command, ...rest] = positionals;
  if (command === 'add' && rest.length === 1 && values.password) {
    const [Username] = rest;
    const attributes = values.email
      ? [
          { Name: 'email', Value: values.email },
          { Name: 'email_verified', Value: 'true' },
        ]
      : [];
    await admin('AdminCreateUser', { Username, UserAttributes: attributes });
    await admin('AdminSetUserPassword', { Username, Password: values.password, Permanent: true });
    if (values.admin) await admin('AdminAddUserToGroup', { Username, GroupName: ADMINS_GROUP });
    console.log(`Added ${Username}${values.admin ? ` (group ${ADMINS_GROUP})` : ''} to user pool ${UserPoolId} (client ${pool.clientId})`);
    return undefined;
  }
  if (command === 'list' && rest.length === 0) {
    const users: UserType[] = [];
    let PaginationToken: unknown;
    do {
      const page = await admin('ListUsers', PaginationToken ? { PaginationToken } : {});
      users.push(...(page.Users as UserType[]));
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    console.log(`user pool ${UserPoolId} (client ${pool.clientId}): ${users.length} user${users.length === 1 ? '' : 's'}`);
    for (const user of users) {
      const groups = pool.store.user(user.Username)?.groups ?? [];
      const email = user.Attributes.find((a) => a.Name === 'email')?.Value;
      console.log(`${user.Username}\t${user.UserStatus}\tgroups: ${groups.join(',') || '-'}\temail: ${email ?? '-'}`);
    }
    return undefined;
  }
  if (command === 'password' && rest.length === 1 && values.password) {
    await admin('AdminSetUserPassword', { Username: rest[0], Password: values.password, Permanent: !values.temporary });
    console.log(`Set the password of ${rest[0]}${values.temporary ? ' (temporary: a new one is required at the next sign-in)' : ''}`);
    return undefined;
  }
  if (command === 'group' && (rest[0] === 'add' || rest[0] === 'remove') && rest.length === 3) {
    const [change, Username, GroupName] = rest;
    await admin(change === 'add' ? 'AdminAddUserToGroup' : 'AdminRemoveUserFromGroup', { Username, GroupName });
    console.log(change === 'add' ? `Put ${Username} in group ${GroupName}` : `Took ${Username} out of group ${GroupName}`);
    return undefined;
  }
  if (command === 'remove' && rest.length === 1) {
    await admin('AdminDeleteUser', { Username: rest[0] });
    console.log(`Removed ${rest[0]} from user pool ${UserPoolId}`);
    return undefined;
  }
  return command === undefined ? 'no command given' : `'${positionals.join(' ')}' is not a command this tool takes, or lacks an argument`;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  if ('problem' in parsed) {
    console.error(`${parsed.problem}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help || parsed.positionals[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  const pool = await LocalUserPool.open(resolve(process.env.DATA_DIR || '.data'));
  try {
    const problem = await run(pool, parsed);
    if (problem === undefined) return 0;
    console.error(`${problem}\n\n${USAGE}`);
    return 2;
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    console.error(`${error.type}: ${error.message}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

/**
 * `npx tsx bench/signUpSpam.ts`: issue 24's sign-up spam against the local user pool, measured
 * (numbers, not pass/fail). For 5 s each, four loops add users with a 900 KB attribute as fast as
 * they are answered, and the growth of DATA_DIR/cognito is printed in MB/s, with the answers by type:
 * - `SignUp`, unauthenticated (what any process or web page can send);
 * - `AdminCreateUser` signed with the local IAM key (what only a holder of DATA_DIR's key can send);
 * - `AdminCreateUser` with the key and small attributes (the request quota is then what bounds it).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { startLocalServer } from '../harness/localServer.js';

const LOOPS = 4;
const SECONDS = 5;
const BIG = 'x'.repeat(900 * 1024);

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size;
  }
  return total;
}

const server = await startLocalServer({ launcher: 'tsx' });
try {
  const [, endpoint, poolId, clientId] = /Cognito (\S+) user pool (\S+) client (\S+)/.exec(server.readyLine)!;
  const key = JSON.parse(readFileSync(join(server.dataDir, 'iam-credentials.json'), 'utf8')) as Record<string, string>;
  const admin = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    maxAttempts: 1,
  });
  const dir = join(server.dataDir, 'cognito');
  let n = 0;

  const signUp = async (): Promise<string> => {
    const res = await fetch(`${endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      body: JSON.stringify({
        ClientId: clientId,
        Username: `spam${(n += 1)}`,
        Password: 'Correct-h0rse',
        UserAttributes: [{ Name: 'name', Value: BIG }],
      }),
    });
    const body = (await res.json()) as { __type?: string };
    return `${res.status} ${body.__type ?? 'ok'}`;
  };
  const adminCreate = (value: string) => async (): Promise<string> =>
    admin
      .send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: `admin${(n += 1)}`, UserAttributes: [{ Name: 'name', Value: value }] }),
      )
      .then(
        () => '200 ok',
        (e: { name: string; $metadata?: { httpStatusCode?: number } }) => `${e.$metadata?.httpStatusCode ?? '?'} ${e.name}`,
      );

  const phase = async (one: () => Promise<string>) => {
    const before = bytesUnder(dir);
    const answers: Record<string, number> = {};
    const until = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: LOOPS }, async () => {
        while (performance.now() < until) {
          const answer = await one();
          answers[answer] = (answers[answer] ?? 0) + 1;
        }
      }),
    );
    const grown = bytesUnder(dir) - before;
    await new Promise((r) => setTimeout(r, 1_500));
    return { growthMBps: Math.round((grown / 1024 / 1024 / SECONDS) * 100) / 100, answers };
  };

  console.log(
    JSON.stringify(
      {
        seconds: SECONDS,
        loops: LOOPS,
        signUp900KB: await phase(signUp),
        adminCreateUser900KB: await phase(adminCreate(BIG)),
        adminCreateUserSmall: await phase(adminCreate('Ada')),
      },
      null,
      1,
    ),
  );
} finally {
  await server.stop();
}

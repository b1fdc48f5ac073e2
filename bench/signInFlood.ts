/**
 * `npx tsx bench/signInFlood.ts`: issue 24's sign-in abuse of the local user pool, measured (numbers,
 * not pass/fail). One server; a user `victim` made with the local IAM key (AdminCreateUser +
 * AdminSetUserPassword, as `npm run user` does). Prints:
 * - `/graphql` latency (sequential `userOrders` with the API key): quiet, then (40 calls and at least
 *   5 s) while eight loops send wrong-password sign-ins as fast as they are answered — USER_PASSWORD_AUTH, then USER_SRP_AUTH
 *   (InitiateAuth + RespondToAuthChallenge with a wrong claim: the server does the whole check);
 * - what the flood's sign-ins were answered (by error type) and how many per second;
 * - user existence: the median time of a wrong password for `victim` and for a name that does not
 *   exist (20 tries each, alternating, one at a time, no flood), for both flows, and their answers.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SRP_A, wrongPasswordClaim } from '../harness/cognito.js';
import { gql, startLocalServer, type LocalServer } from '../harness/localServer.js';
import { percentile } from './stats.js';

const FLOODERS = 8;
const PASSWORD = 'Correct-h0rse';

const round = (ms: number): number => Math.round(ms * 10) / 10;
const median = (ms: number[]): number =>
  round(
    percentile(
      [...ms].sort((a, b) => a - b),
      50,
    ),
  );

interface Pool {
  endpoint: string;
  poolId: string;
  clientId: string;
}

async function cognito(pool: Pool, action: string, body: unknown): Promise<{ status: number; type: string; json: Record<string, any> }> {
  const res = await fetch(`${pool.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, any>;
  return { status: res.status, type: String(json.__type ?? 'ok'), json };
}

/** One wrong-password sign-in; resolves to the answer's error type (`ok` if it signed in). */
async function wrongSignIn(pool: Pool, flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH', username: string): Promise<string> {
  if (flow === 'USER_PASSWORD_AUTH') {
    const r = await cognito(pool, 'InitiateAuth', {
      ClientId: pool.clientId,
      AuthFlow: flow,
      AuthParameters: { USERNAME: username, PASSWORD: 'Wrong-pass-0ne' },
    });
    return r.type;
  }
  const challenge = await cognito(pool, 'InitiateAuth', {
    ClientId: pool.clientId,
    AuthFlow: flow,
    AuthParameters: { USERNAME: username, SRP_A },
  });
  if (challenge.type !== 'ok') return `InitiateAuth:${challenge.type}`;
  const p = challenge.json.ChallengeParameters as Record<string, string>;
  const r = await cognito(pool, 'RespondToAuthChallenge', wrongPasswordClaim(p, pool.clientId));
  return r.type;
}

/** `count` sequential userOrders calls, and more until `minMs` have passed. */
async function graphqlLatencies(server: LocalServer, count: number, minMs = 0): Promise<number[]> {
  const out: number[] = [];
  const until = performance.now() + minMs;
  for (let i = 0; i < count || performance.now() < until; i += 1) {
    const t = performance.now();
    const { body } = await gql(server, '{ userOrders(store_id: "bench", user_id: "u") { items { order_id } } }');
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    out.push(performance.now() - t);
  }
  return out;
}

async function flood(server: LocalServer, pool: Pool, flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH') {
  let stop = false;
  const answers: Record<string, number> = {};
  const started = performance.now();
  const loops = Array.from({ length: FLOODERS }, async () => {
    while (!stop) {
      const type = await wrongSignIn(pool, flow, 'victim');
      answers[type] = (answers[type] ?? 0) + 1;
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  const during = await graphqlLatencies(server, 40, 5_000);
  stop = true;
  await Promise.all(loops);
  const seconds = (performance.now() - started) / 1000;
  const signIns = Object.values(answers).reduce((a, b) => a + b, 0);
  return {
    graphqlRequests: during.length,
    graphqlMedianMs: median(during),
    graphqlP90Ms: round(
      percentile(
        [...during].sort((a, b) => a - b),
        90,
      ),
    ),
    signInsPerSecond: Math.round(signIns / seconds),
    answers,
  };
}

/** 20 tries each, alternating (the machine's load drifts): the median time and the answers. */
async function existence(pool: Pool, flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH') {
  const names = { existing: 'victim', unknown: `nobody-${randomBytes(4).toString('hex')}` };
  const ms = { existing: [] as number[], unknown: [] as number[] };
  const answers = { existing: new Set<string>(), unknown: new Set<string>() };
  for (let i = 0; i < 20; i += 1)
    for (const who of ['existing', 'unknown'] as const) {
      const t = performance.now();
      answers[who].add(await wrongSignIn(pool, flow, names[who]));
      ms[who].push(performance.now() - t);
    }
  const of = (who: 'existing' | 'unknown') => ({ medianMs: median(ms[who]), answers: [...answers[who]] });
  return { existing: of('existing'), unknown: of('unknown') };
}

const server = await startLocalServer({ launcher: 'tsx' });
try {
  const [, endpoint, poolId, clientId] = /Cognito (\S+) user pool (\S+) client (\S+)/.exec(server.readyLine)!;
  const pool: Pool = { endpoint: endpoint!, poolId: poolId!, clientId: clientId! };
  const key = JSON.parse(readFileSync(join(server.dataDir, 'iam-credentials.json'), 'utf8')) as Record<string, string>;
  const admin = new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
  });
  await admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'victim' }));
  await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: 'victim', Password: PASSWORD, Permanent: true }));
  await graphqlLatencies(server, 20);
  const quiet = await graphqlLatencies(server, 40);
  const result = {
    flooders: FLOODERS,
    quietGraphqlMedianMs: median(quiet),
    passwordFlood: await flood(server, pool, 'USER_PASSWORD_AUTH'),
    srpFlood: await flood(server, pool, 'USER_SRP_AUTH'),
    // The buckets of the pool's request quotas refill before the one-at-a-time part.
    settled: await new Promise((r) => setTimeout(() => r(true), 2_000)),
    existencePassword: await existence(pool, 'USER_PASSWORD_AUTH'),
    existenceSrp: await existence(pool, 'USER_SRP_AUTH'),
  };
  console.log(JSON.stringify(result, null, 1));
} finally {
  await server.stop();
}

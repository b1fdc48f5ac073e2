/**
 * The local runtime's settings, from the environment (contract: Local runtime). Secrets that
 * must survive restarts — the API key and the page-token key — are made once and kept in DATA_DIR.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ordersTable } from '../definitions/ordersTable.js';
import { keptIamCredentials, type IamCredentials } from './auth/iamCredentials.js';
import type { RealPoolConfig } from './auth/tokenVerifier.js';
import type { SandboxLimits } from './appsync/evaluate/sandboxProcess.js';

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  apiKey: string;
  /** Set: use that DynamoDB-compatible endpoint; unset: the embedded store in dataDir. */
  dynamodbEndpoint: string | undefined;
  tableName: string;
  /** HMAC key for nextToken. */
  tokenSecret: Buffer;
  /** USER_POOL_ID + USER_POOL_CLIENT_ID (+ AWS_REGION): verify that real pool's tokens instead of the local pool's. */
  realUserPool: RealPoolConfig | undefined;
  /** The region this local API is in (AWS_REGION, AWS_DEFAULT_REGION, the real pool's, or us-east-1): SigV4 scopes must name it. */
  region: string;
  /** The local IAM key: SigV4 signatures by it are admitted as AWS_IAM (DATA_DIR/iam-credentials.json). */
  iamCredentials: IamCredentials;
  /** EvaluateCode's sandbox process (local/appsync/evaluate/sandboxProcess.ts); EVALUATE_CODE_TIMEOUT_MS. */
  evaluateCode: SandboxLimits;
}

export class SettingsError extends Error {}

/** Start-up cannot go on (port taken, data folder in use): `message` is the one sentence to print. */
export class StartFailure extends Error {}

/** The sentence for a port another process holds (from the pre-check or from listen itself). */
export function portInUseMessage(host: string, port: number): string {
  return `Port ${port} on ${host} is already in use (another Orders API server?): stop it, or start this one with PORT=<a free port>.`;
}

/**
 * `npm start`'s settings, checked before anything is written: the port must be free (else nothing
 * is created, not even DATA_DIR), then DATA_DIR is made and claimed for this process, so a second
 * server on the same folder stops with one sentence instead of a store error.
 */
export async function readSettingsForStart(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const { port, host } = readEnvironment(env);
  await ensurePortFree(host, port);
  const settings = readSettings(env);
  if (settings.dynamodbEndpoint === undefined) claimDataDir(settings.dataDir);
  return settings;
}

async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartFailure(portInUseMessage(host, port)));
      else if (error.code === 'EACCES')
        reject(new StartFailure(`Port ${port} on ${host} needs privileges this user does not have: start with PORT=<a port above 1023>.`));
      else if (error.code === 'EADDRNOTAVAIL')
        reject(new StartFailure(`HOST ${host} is not an address of this machine: start with HOST=127.0.0.1 (or another local address).`));
      else reject(error);
    });
    probe.listen(port, host, () => probe.close(() => resolvePort()));
  });
}

/**
 * One server per embedded store folder (LevelDB allows one process): `server.pid` names the
 * owner. A stale file (its process is gone, e.g. after SIGKILL) is taken over; the file is removed
 * when this process exits.
 */
function claimDataDir(dataDir: string): void {
  const pidFile = join(dataDir, 'server.pid');
  if (existsSync(pidFile)) {
    const owner = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new StartFailure(
        `DATA_DIR ${dataDir} is in use by another Orders API server (pid ${owner}): stop it, or start this one with another DATA_DIR.`,
      );
    }
  }
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  process.once('exit', () => {
    try {
      if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) unlinkSync(pidFile);
    } catch {
      // Already gone: nothing to release.
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PORT and HOST, checked; nothing touched on disk. */
function readEnvironment(env: NodeJS.ProcessEnv): { port: number; host: string } {
  const port = env.PORT === undefined || env.PORT === '' ? 4000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError(`PORT must be an integer 0–65535, got '${env.PORT}'`);
  return { port, host: env.HOST || '127.0.0.1' };
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const { port, host } = readEnvironment(env);
  const tableName = env.TABLE_NAME || ordersTable.defaultName;
  if (!TABLE_NAME.test(tableName)) throw new SettingsError(`TABLE_NAME must be 3–255 characters of A-Z a-z 0-9 _ . -, got '${tableName}'`);
  const realUserPool = readRealUserPool(env);
  const endpoint = env.DYNAMODB_ENDPOINT || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint))
    throw new SettingsError(`DYNAMODB_ENDPOINT must be an http(s) URL, got '${endpoint}'`);
  // Every check before the first write: a refused start leaves nothing behind.
  if (env.API_KEY && /[^\x21-\x7e]/.test(env.API_KEY)) throw new SettingsError('API_KEY must be printable ASCII without spaces');
  // AppSync bounds a request at 30 s; EvaluateCode's own limit is not published: 10 s by default (inferred).
  const evaluateTimeout = env.EVALUATE_CODE_TIMEOUT_MS ? Number(env.EVALUATE_CODE_TIMEOUT_MS) : 10_000;
  if (!Number.isInteger(evaluateTimeout) || evaluateTimeout < 100 || evaluateTimeout > 30_000)
    throw new SettingsError(`EVALUATE_CODE_TIMEOUT_MS must be an integer 100–30000, got '${env.EVALUATE_CODE_TIMEOUT_MS}'`);
  const dataDir = resolve(env.DATA_DIR || '.data');
  mkdirSync(dataDir, { recursive: true });
  const apiKey = env.API_KEY || keptSecret(join(dataDir, 'api-key'), () => `da2-${randomBytes(16).toString('hex')}`);
  const tokenSecret = Buffer.from(
    keptSecret(join(dataDir, 'token-secret'), () => randomBytes(32).toString('hex')),
    'hex',
  );
  let iamCredentials: IamCredentials;
  try {
    iamCredentials = keptIamCredentials(dataDir);
  } catch (error) {
    throw new SettingsError((error as Error).message);
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || realUserPool?.region || 'us-east-1';
  return {
    port,
    host,
    dataDir,
    apiKey,
    dynamodbEndpoint: endpoint,
    tableName,
    tokenSecret,
    realUserPool,
    region,
    iamCredentials,
    evaluateCode: { timeoutMs: evaluateTimeout, memoryMb: 256, maxQueued: 16 },
  };
}

/**
 * A real pool to verify tokens against. Its id starts with its region (`us-east-1_AbC123xyZ`),
 * which AWS_REGION, when set, must match.
 */
export function readRealUserPool(env: NodeJS.ProcessEnv): RealPoolConfig | undefined {
  const userPoolId = env.USER_POOL_ID || undefined;
  const clientId = env.USER_POOL_CLIENT_ID || undefined;
  if (userPoolId === undefined && clientId === undefined) return undefined;
  if (userPoolId === undefined || clientId === undefined)
    throw new SettingsError('USER_POOL_ID and USER_POOL_CLIENT_ID go together: set both, or neither for the local user pool');
  const match = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/.exec(userPoolId);
  if (!match) throw new SettingsError(`USER_POOL_ID must look like <region>_<id> (e.g. us-east-1_AbC123xyZ), got '${userPoolId}'`);
  if (!/^[\w+]+$/.test(clientId)) throw new SettingsError(`USER_POOL_CLIENT_ID must be an app client id, got '${clientId}'`);
  const region = match[1]!;
  if (env.AWS_REGION && env.AWS_REGION !== region)
    throw new SettingsError(`USER_POOL_ID ${userPoolId} is in ${region}, but AWS_REGION is ${env.AWS_REGION}`);
  return { region, userPoolId, clientId };
}

/** Reads a secret file, making it (owner-only) the first time. */
function keptSecret(path: string, make: () => string): string {
  if (existsSync(path)) {
    const kept = readFileSync(path, 'utf8').trim();
    if (kept) return kept;
  }
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

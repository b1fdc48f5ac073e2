/**
 * The local runtime's settings, from the environment (contract: Local runtime): the one place an
 * environment variable is read; everything else gets its part of Settings. Secrets that
 * must survive restarts — the API key and the page-token key — are made once and kept in DATA_DIR,
 * owner-only and never through a link (local/files/ownerOnlyFile.ts).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { ordersTable } from '../definitions/ordersTable.js';
import { IAM_CREDENTIALS_FILE, keptIamCredentials, type IamCredentials } from './auth/iamCredentials.js';
import type { RealPoolConfig } from './auth/tokenVerifier.js';
import { cognitoDir } from './cognito/poolStore.js';
import { keptFile, ownerOnlyDir, ownerOnlyTree, replaceFile, UnsafeEntryError } from './files/ownerOnlyFile.js';
import { TLS_FOLDER } from './http/localCa.js';
import { EMBEDDED_STORE_ENTRIES, startEmbeddedStore, StoreLockedError, type EmbeddedStore } from './store/embeddedStore.js';
import type { SandboxLimits } from './engine/sandbox/sandboxProcess.js';
import { readLogLevel, type LogLevel } from './logging/logLevel.js';
import { DEFAULT_REALTIME_OPTIONS, type RealtimeOptions } from './realtime/options.js';
import { DEFAULT_MAX_IN_FLIGHT } from './store/embeddedStore.js';
import type { StoreClientOptions } from './store/dynamoClient.js';

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  apiKey: string;
  /** Set: use that DynamoDB-compatible endpoint; unset: the embedded store in dataDir. */
  dynamodbEndpoint: string | undefined;
  /** The embedded store, opened by readSettingsForStart: its LevelDB LOCK is this server's claim on DATA_DIR. */
  embeddedStore?: EmbeddedStore;
  tableName: string;
  /** HMAC key for nextToken. */
  tokenSecret: Buffer;
  /** USER_POOL_ID + USER_POOL_CLIENT_ID (+ AWS_REGION): verify that real pool's tokens instead of the local pool's. */
  realUserPool: RealPoolConfig | undefined;
  /** The region this local API is in (AWS_REGION, AWS_DEFAULT_REGION, the real pool's, or us-east-1): SigV4 scopes must name it. */
  region: string;
  /** The local IAM key: SigV4 signatures by it are admitted as AWS_IAM (DATA_DIR/iam-credentials.json). */
  iamCredentials: IamCredentials;
  /** EvaluateCode's sandbox process (local/engine/sandbox/sandboxProcess.ts); EVALUATE_CODE_TIMEOUT_MS. */
  evaluateCode: SandboxLimits;
  /** LOG_LEVEL: AppSync's field log level, or SUMMARY (one line per request) when unset. */
  logLevel: LogLevel;
  /** RESOLVER_LOGS=off: resolvers' console lines are not written. */
  resolverLogs: boolean;
  /** REALTIME_*: the real-time endpoint's tunables. */
  realtime: RealtimeOptions;
  /** STORE_MAX_IN_FLIGHT: embedded-store calls in flight before further ones are shed. */
  storeMaxInFlight: number;
  /** An external store's client (DYNAMODB_ENDPOINT): its region, and whether the environment's AWS credentials are used. */
  storeClient: StoreClientOptions;
}

export class SettingsError extends Error {}

/** Start-up cannot go on (port taken, data folder in use): `message` is the one sentence to print. */
export class StartFailure extends Error {}

/** The port-in-use sentence for PORT and HOST as the environment gives them (listen failed after the check). */
export function portInUseMessageFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  const { port, host } = readEnvironment(env);
  return portInUseMessage(host, port);
}

/** The sentence for a port another process holds (from the pre-check or from listen itself). */
export function portInUseMessage(host: string, port: number): string {
  return `Port ${port} on ${host} is already in use (another Orders API server?): stop it, or start this one with PORT=<a free port>.`;
}

/**
 * `npm start`'s settings, checked before anything is written: the port must be free (else nothing
 * is created, not even DATA_DIR), then every setting, then DATA_DIR is made owner-only (or checked:
 * no links, this user's) and claimed for this process by opening the embedded store — before any
 * secret in it is read or made — so a second server on the same folder stops with one sentence and
 * writes nothing.
 */
export async function readSettingsForStart(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const { port, host } = readEnvironment(env);
  await ensurePortFree(host, port);
  let embeddedStore: EmbeddedStore | undefined;
  try {
    const settings = await readSettings(env, async ({ dataDir, external, storeMaxInFlight }) => {
      if (!external) embeddedStore = await claimDataDir(dataDir, storeMaxInFlight);
    });
    return { ...settings, embeddedStore };
  } catch (error) {
    await embeddedStore?.close();
    throw error;
  }
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
 * One server per embedded store folder. The claim is the store's LevelDB LOCK, which the kernel
 * holds for this process and drops when it dies (SIGKILL included, zombie or not): no pid file, so
 * no stale or reused pid can keep a start out. The `server.pid` of earlier versions is removed
 * (unlinked: a link there is not followed).
 */
async function claimDataDir(dataDir: string, maxInFlight: number): Promise<EmbeddedStore> {
  let store: EmbeddedStore;
  try {
    store = await startEmbeddedStore(dataDir, maxInFlight);
  } catch (error) {
    if (!(error instanceof StoreLockedError)) throw error;
    const pid = error.holderPid === undefined ? '' : ` (pid ${error.holderPid})`;
    throw new StartFailure(
      `DATA_DIR ${dataDir} is in use by another Orders API server${pid}: stop it, or start this one with another DATA_DIR.`,
    );
  }
  rmSync(join(dataDir, 'server.pid'), { force: true });
  return store;
}

/** What the runtime keeps in DATA_DIR (files and whole folders); nothing else there is touched. */
const ownedEntries = (dataDir: string): string[] => [
  ...['api-key', 'token-secret', IAM_CREDENTIALS_FILE, TLS_FOLDER, ...EMBEDDED_STORE_ENTRIES].map((name) => join(dataDir, name)),
  cognitoDir(dataDir),
];

/**
 * Makes DATA_DIR owner-only, or checks the one there: a folder of this user's (it may be reached
 * through a link the user made), and in what the runtime keeps there no link and nothing of another
 * user's. Looser modes (an earlier version made folders 0755 and LevelDB's files 0644) are
 * tightened, once, with a notice. Nothing is created but DATA_DIR itself.
 */
function prepareDataDir(dataDir: string): void {
  try {
    const tightened = [
      ...(ownerOnlyDir(dataDir, { followLink: true }) ? [dataDir] : []),
      ...ownedEntries(dataDir).flatMap((path) => ownerOnlyTree(path)),
    ];
    if (tightened.length > 0)
      console.warn(
        `DATA_DIR ${dataDir} was open to other users: made ${tightened.length} of its folders and files owner-only (folders 0700, files 0600).`,
      );
  } catch (error) {
    if (error instanceof UnsafeEntryError) throw unsafeEntryFailure(error, dataDir);
    throw error;
  }
}

/** The one sentence for an entry the runtime will not use. */
function unsafeEntryFailure(error: UnsafeEntryError, dataDir: string): StartFailure {
  const what = error.path === dataDir ? `DATA_DIR ${error.message}` : error.message;
  if (error.reason === 'symbolic link')
    return new StartFailure(`${what}: the server follows no link in DATA_DIR; remove the link, or put the file itself there.`);
  if (error.reason === 'another owner') return new StartFailure(`${what}: give it to this user, or start this one with another DATA_DIR.`);
  return new StartFailure(`${what}: remove it, or start this one with another DATA_DIR.`);
}

/** PORT and HOST, checked; nothing touched on disk. */
function readEnvironment(env: NodeJS.ProcessEnv): { port: number; host: string } {
  const port = env.PORT === undefined || env.PORT === '' ? 4000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError(`PORT must be an integer 0–65535, got '${env.PORT}'`);
  return { port, host: env.HOST || '127.0.0.1' };
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * Every setting, checked before DATA_DIR is touched; then DATA_DIR is prepared, `claim` runs (npm
 * start: the embedded store's lock), and only then are the kept secrets read or made.
 */
export async function readSettings(
  env: NodeJS.ProcessEnv = process.env,
  claim: (place: { dataDir: string; external: boolean; storeMaxInFlight: number }) => Promise<void> = async () => {},
): Promise<Settings> {
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
  const evaluateTimeout = integer(env, 'EVALUATE_CODE_TIMEOUT_MS', 10_000, 100, 30_000);
  const logLevel = readLogLevel(env.LOG_LEVEL);
  if ('problem' in logLevel) throw new SettingsError(logLevel.problem);
  const realtime = readRealtimeOptions(env);
  const storeMaxInFlight = integer(env, 'STORE_MAX_IN_FLIGHT', DEFAULT_MAX_IN_FLIGHT, 1);
  const dataDir = resolve(env.DATA_DIR || '.data');
  prepareDataDir(dataDir);
  await claim({ dataDir, external: endpoint !== undefined, storeMaxInFlight });
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
    logLevel: logLevel.level,
    resolverLogs: env.RESOLVER_LOGS !== 'off',
    realtime,
    storeMaxInFlight,
    storeClient: {
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      // Local stores accept any credentials; real ones come from the environment when pointed at AWS.
      environmentCredentials: Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY),
    },
  };
}

/** An integer environment variable within [min, max]; unset or empty: `fallback`. */
function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new SettingsError(`${name} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}–${max}`}, got '${raw}'`);
  return value;
}

/** REALTIME_*: the real-time endpoint's tunables (local/realtime/options.ts). */
function readRealtimeOptions(env: NodeJS.ProcessEnv): RealtimeOptions {
  const d = DEFAULT_REALTIME_OPTIONS;
  return {
    keepAliveMs: integer(env, 'REALTIME_KEEP_ALIVE_MS', d.keepAliveMs, 50),
    initTimeoutMs: integer(env, 'REALTIME_INIT_TIMEOUT_MS', d.initTimeoutMs, 50),
    maxBufferedBytes: integer(env, 'REALTIME_MAX_BUFFERED_BYTES', d.maxBufferedBytes, 1024),
    maxQueuedBytes: integer(env, 'REALTIME_MAX_QUEUED_BYTES', d.maxQueuedBytes, 1024),
    maxPendingEvents: integer(env, 'REALTIME_MAX_PENDING_EVENTS', d.maxPendingEvents, 1),
    maxPendingDeliveries: integer(env, 'REALTIME_MAX_PENDING_DELIVERIES', d.maxPendingDeliveries, 1),
    maxSubscriptionsPerConnection: d.maxSubscriptionsPerConnection,
    maxConnectionMs: integer(env, 'REALTIME_MAX_CONNECTION_MS', d.maxConnectionMs, 1000),
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

/**
 * Reads a secret file, making it (owner-only, exclusively: two starts at once keep one) the first
 * time. A link there is refused: a planted file must not choose the server's key.
 */
function keptSecret(path: string, make: () => string): string {
  let kept: string;
  try {
    kept = keptFile(path, () => `${make()}\n`).trim();
  } catch (error) {
    if (error instanceof UnsafeEntryError) throw unsafeEntryFailure(error, dirname(path));
    throw error;
  }
  if (kept) return kept;
  // Empty: cut short by a crash of an earlier version, which wrote it in place.
  const value = make();
  replaceFile(path, `${value}\n`);
  return value;
}

/**
 * A local server for tests and tools, on a random port with its own temporary DATA_DIR, talked to
 * over HTTP. By default it runs in the calling process (harness/inProcessServer.ts): the same
 * settings and composition as `npm start`, without a process start per server. `launcher: 'tsx'`
 * or `'start'` runs it as `npm start` does, in a child process — for what only a process shows:
 * its output, signals, exit codes, a kill, the launcher itself.
 * `TEST_DYNAMODB_ENDPOINT`, when set, points every server at that store instead of the embedded one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { projectRoot } from '../definitions/paths.js';
import { CreateOrderDocument, UserOrdersDocument, type CreateOrderInput, type UserOrdersQueryVariables } from './generated/operations.js';
import { startInProcess } from './inProcessServer.js';

export interface LocalServer {
  url: string;
  graphqlUrl: string;
  apiKey: string;
  dataDir: string;
  /**
   * The external DYNAMODB_ENDPOINT, or the embedded store's Unix socket path from the ready line
   * (`store embedded <path>`); reach either with `storeConnection` (local/store/dynamoClient.ts).
   */
  storeEndpoint: string;
  tableName: string;
  readyLine: string;
  /** Closes the server; the data stays in dataDir. */
  stop(): Promise<unknown>;
}

/** A server in a child process, as `npm start` runs it. */
export interface ServerProcess extends LocalServer {
  process: ChildProcess;
  /** Everything the process printed (stdout and stderr) so far. */
  output(): string;
  /** Sends a signal and waits for the exit; resolves to the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface StartOptions {
  dataDir?: string;
  apiKey?: string;
  tableName?: string;
  /** Environment variables as `npm start` reads them (local/config.ts), over the harness's. */
  env?: Record<string, string>;
  launcher?: 'in-process';
}

export interface ProcessStartOptions extends Omit<StartOptions, 'launcher'> {
  /**
   * `start`: what `npm start` runs (scripts/start.mjs: the esbuild build of local/main.ts under plain
   * node, rebuilt first when a source changed); `tsx`: local/main.ts from the sources, for a copy of
   * the project that has no build (harness/projectCopy.ts).
   */
  launcher: 'tsx' | 'start';
  /** Run another copy of the project (e.g. harness/projectCopy.ts) instead of this one. */
  projectDir?: string;
  /** Extra arguments for local/main.ts (`--watch`: what `npm run dev` passes). */
  args?: string[];
}

let counter = 0;

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'orders-data-'));
}

export function startLocalServer(options: ProcessStartOptions): Promise<ServerProcess>;
export function startLocalServer(options?: StartOptions): Promise<LocalServer>;
export async function startLocalServer(options: StartOptions | ProcessStartOptions = {}): Promise<LocalServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const apiKey = options.apiKey ?? `test-key-${process.pid}-${(counter += 1)}`;
  const external = process.env.TEST_DYNAMODB_ENDPOINT;
  const tableName = options.tableName ?? (external ? `Orders_${process.pid}_${counter}_${Date.now()}` : 'Orders');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: '0',
    HOST: '127.0.0.1',
    API_KEY: apiKey,
    DATA_DIR: dataDir,
    TABLE_NAME: tableName,
    RESOLVER_LOGS: 'off',
    // No per-request log line (local/logging): tests that read logs ask for a level.
    LOG_LEVEL: 'NONE',
    ...(external ? { DYNAMODB_ENDPOINT: external } : {}),
    ...options.env,
  };
  const place = { apiKey, dataDir, tableName, external };
  if (options.launcher === 'tsx' || options.launcher === 'start') return startProcess(options, env, place);
  const { readyLine, close } = await startInProcess(env);
  return { ...addresses(readyLine, place), stop: close };
}

interface Place {
  apiKey: string;
  dataDir: string;
  tableName: string;
  external: string | undefined;
}

/** What the ready line says, and what the harness chose. */
function addresses(readyLine: string, { apiKey, dataDir, tableName, external }: Place): Omit<LocalServer, 'stop'> {
  const graphqlUrl = /GraphQL (\S+)/.exec(readyLine)?.[1] ?? '';
  const storeEndpoint = external ?? /store embedded (\S+)/.exec(readyLine)?.[1] ?? '';
  return { url: graphqlUrl.replace(/\/graphql$/, ''), graphqlUrl, apiKey, dataDir, storeEndpoint, tableName, readyLine };
}

async function startProcess(options: ProcessStartOptions, env: Record<string, string>, place: Place): Promise<ServerProcess> {
  const root = options.projectDir ?? projectRoot;
  const entry = options.launcher === 'start' ? [join(root, 'scripts/start.mjs')] : ['--import', 'tsx', join(root, 'local/main.ts')];
  const child = spawn(process.execPath, [...entry, ...(options.args ?? [])], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));

  const readyLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in 30 s:\n${output}`)), 30_000);
    const check = (): void => {
      const line = output.split('\n').find((l) => l.startsWith('Orders API ready'));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before ready:\n${output}`));
    });
  });
  return {
    ...addresses(readyLine, place),
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: Array<Record<string, unknown>> } & Record<string, unknown>;
}

/**
 * POST /graphql with the server's key unless `apiKey` says otherwise (null: no header). A typed
 * document (harness/generated/operations.ts) types the variables and the data; a string is sent as is.
 */
export async function gql<T = Record<string, any>, V = Record<string, unknown>>(
  server: Pick<LocalServer, 'graphqlUrl' | 'apiKey'>,
  query: string | TypedDocumentNode<T, V>,
  variables?: V,
  apiKey: string | null = server.apiKey,
): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  const text = typeof query === 'string' ? query : print(query);
  const res = await fetch(server.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query: text, variables }) });
  return { status: res.status, body: (await res.json()) as GraphQLResult<T>['body'] };
}

/** The operations' text (definitions/operations/*.graphql), for clients that send strings. */
export const CREATE_ORDER = print(CreateOrderDocument);
export const USER_ORDERS = print(UserOrdersDocument);

export type { CreateOrderInput as OrderInput } from './generated/operations.js';

export function createOrder(server: Pick<LocalServer, 'graphqlUrl' | 'apiKey'>, input: CreateOrderInput) {
  return gql(server, CreateOrderDocument, { input });
}

export function userOrders(server: Pick<LocalServer, 'graphqlUrl' | 'apiKey'>, args: UserOrdersQueryVariables) {
  return gql(server, UserOrdersDocument, args);
}

/** The server's local IAM key (DATA_DIR/iam-credentials.json), as AWS SDK credentials. */
export function localIamKey(server: Pick<LocalServer, 'dataDir'>): { accessKeyId: string; secretAccessKey: string } {
  const file = JSON.parse(readFileSync(join(server.dataDir, 'iam-credentials.json'), 'utf8')) as Record<string, string>;
  return { accessKeyId: file.AccessKeyId!, secretAccessKey: file.SecretAccessKey! };
}

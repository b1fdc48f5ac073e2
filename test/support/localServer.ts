/**
 * Starts the real local runtime (`local/main.ts`, as `npm start` does) in a child process on a
 * random port with its own temporary DATA_DIR, and talks to it over HTTP.
 * `TEST_DYNAMODB_ENDPOINT`, when set, points every server at that store instead of the embedded one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../definitions/paths.js';

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
  process: ChildProcess;
  output(): string;
  /** Sends a signal and waits for the exit; resolves to the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface StartOptions {
  dataDir?: string;
  apiKey?: string;
  tableName?: string;
  env?: Record<string, string>;
}

let counter = 0;

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'orders-data-'));
}

export async function startLocalServer(options: StartOptions = {}): Promise<LocalServer> {
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
    ...(external ? { DYNAMODB_ENDPOINT: external } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'local/main.ts')], {
    cwd: projectRoot,
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
  const graphqlUrl = /GraphQL (\S+)/.exec(readyLine)?.[1] ?? '';
  const storeEndpoint = external ?? /store embedded (\S+)/.exec(readyLine)?.[1] ?? '';
  return {
    url: graphqlUrl.replace(/\/graphql$/, ''),
    graphqlUrl,
    apiKey,
    dataDir,
    storeEndpoint,
    tableName,
    readyLine,
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

/** POST /graphql with the server's key unless `apiKey` says otherwise (null: no header). */
export async function gql<T = Record<string, any>>(
  server: Pick<LocalServer, 'graphqlUrl' | 'apiKey'>,
  query: string,
  variables?: Record<string, unknown>,
  apiKey: string | null = server.apiKey,
): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== null) headers['x-api-key'] = apiKey;
  const res = await fetch(server.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as GraphQLResult<T>['body'] };
}

export const CREATE_ORDER = /* GraphQL */ `
  mutation Create($input: CreateOrderInput!) {
    createOrder(input: $input) { store_id order_id user_id grand_total timestamp created_at }
  }
`;

export const USER_ORDERS = /* GraphQL */ `
  query List($store_id: String!, $user_id: String!, $limit: Int, $nextToken: String) {
    userOrders(store_id: $store_id, user_id: $user_id, limit: $limit, nextToken: $nextToken) {
      items { store_id order_id user_id grand_total timestamp created_at }
      nextToken
    }
  }
`;

export interface OrderInput {
  store_id: string;
  order_id: string;
  user_id: string;
  grand_total: number;
}

export function createOrder(server: Pick<LocalServer, 'graphqlUrl' | 'apiKey'>, input: OrderInput) {
  return gql(server, CREATE_ORDER, { input });
}

export function userOrders(
  server: Pick<LocalServer, 'graphqlUrl' | 'apiKey'>,
  args: { store_id: string; user_id: string; limit?: number; nextToken?: string | null },
) {
  return gql(server, USER_ORDERS, args);
}

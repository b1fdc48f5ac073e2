/**
 * The local runtime's settings, from the environment (contract: Local runtime). Secrets that
 * must survive restarts — the API key and the page-token key — are made once and kept in DATA_DIR.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ordersTable } from '../definitions/ordersTable.js';

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
}

export class SettingsError extends Error {}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const port = env.PORT === undefined || env.PORT === '' ? 4000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError(`PORT must be an integer 0–65535, got '${env.PORT}'`);
  const host = env.HOST || '127.0.0.1';
  const tableName = env.TABLE_NAME || ordersTable.defaultName;
  if (!TABLE_NAME.test(tableName)) throw new SettingsError(`TABLE_NAME must be 3–255 characters of A-Z a-z 0-9 _ . -, got '${tableName}'`);
  const endpoint = env.DYNAMODB_ENDPOINT || undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint)) throw new SettingsError(`DYNAMODB_ENDPOINT must be an http(s) URL, got '${endpoint}'`);
  const dataDir = resolve(env.DATA_DIR || '.data');
  mkdirSync(dataDir, { recursive: true });
  const apiKey = env.API_KEY || keptSecret(join(dataDir, 'api-key'), () => `da2-${randomBytes(16).toString('hex')}`);
  if (/[^\x21-\x7e]/.test(apiKey)) throw new SettingsError('API_KEY must be printable ASCII without spaces');
  const tokenSecret = Buffer.from(keptSecret(join(dataDir, 'token-secret'), () => randomBytes(32).toString('hex')), 'hex');
  return { port, host, dataDir, apiKey, dynamodbEndpoint: endpoint, tableName, tokenSecret };
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

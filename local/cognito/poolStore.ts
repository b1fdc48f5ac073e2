/**
 * The local user pool's state in DATA_DIR/cognito: `pool.json` (pool and app client ids, the RS256
 * signing key, the refresh-token key, the groups) and `users.json`. Every operation reads the files
 * afresh and writes them atomically (temporary file + rename, owner-only), so `npm run user` can
 * change users while the server runs and neither sees a half-written file.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { hashPassword } from './password.js';

export interface PoolFile {
  poolId: string;
  clientId: string;
  /** The private RS256 signing key (JWK with `kid`). */
  signingKey: JWK;
  /** 32 bytes, base64url: encrypts refresh tokens (dir + A256GCM JWE, as Cognito's are JWEs). */
  refreshKey: string;
  groups: string[];
}

export interface StoredUser {
  username: string;
  sub: string;
  /** scrypt (password.ts). */
  passwordHash: string;
  attributes: Record<string, string>;
  groups: string[];
  enabled: boolean;
  created: number;
  /** CONFIRMED, or FORCE_CHANGE_PASSWORD for an AdminCreateUser user without a permanent password. */
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';
  /** SRP salt and verifier (srp.ts), for USER_SRP_AUTH. */
  srp?: { salt: string; verifier: string };
}

/** The group the stack makes too (contract: Identity). */
export const ADMIN_GROUP = 'admins';

export function cognitoDir(dataDir: string): string {
  return join(dataDir, 'cognito');
}

function writeAtomically(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

function readJson<T>(path: string, fallback: T): T {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;
}

/** `local_` + 9 letters and digits: shaped like a real id (`us-east-1_AbC123xyZ`), never mistaken for one. */
function randomId(length: number, alphabet: string): string {
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

export class PoolStore {
  readonly dir: string;
  constructor(dataDir: string) {
    this.dir = cognitoDir(dataDir);
  }

  /** The pool, made (ids, keys, `admins` group) the first time. */
  async pool(): Promise<PoolFile> {
    const path = join(this.dir, 'pool.json');
    const kept = readJson<PoolFile | null>(path, null);
    if (kept) return kept;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const signingKey = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    const pool: PoolFile = {
      poolId: `local_${randomId(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      clientId: randomId(26, 'abcdefghijklmnopqrstuvwxyz0123456789'),
      signingKey,
      refreshKey: randomBytes(32).toString('base64url'),
      groups: [ADMIN_GROUP],
    };
    writeAtomically(path, pool);
    return pool;
  }

  users(): Record<string, StoredUser> {
    return readJson<Record<string, StoredUser>>(join(this.dir, 'users.json'), {});
  }

  user(username: string): StoredUser | undefined {
    return this.users()[username];
  }

  /** Writes one user (read-modify-write of users.json). */
  saveUser(user: StoredUser): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const users = this.users();
    users[user.username] = user;
    writeAtomically(join(this.dir, 'users.json'), users);
  }

  newUser(username: string, password: string, attributes: Record<string, string>, status: StoredUser['status']): StoredUser {
    return {
      username,
      sub: randomUUID(),
      passwordHash: hashPassword(password),
      attributes,
      groups: [],
      enabled: true,
      created: Date.now(),
      status,
    };
  }
}

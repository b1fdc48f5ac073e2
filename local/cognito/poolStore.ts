/**
 * The local user pool's state in DATA_DIR/cognito: `pool.json` (pool and app client ids, the RS256
 * signing key, the refresh-token key, the groups) and one file per user in `users/`. Every operation
 * reads the files afresh and writes them atomically (temporary file + rename, owner-only), so
 * `npm run user` can change users while the server runs and neither sees a half-written file; a new
 * user's file is created with link(2), which fails if it exists, so two processes adding users at
 * once never lose one, and adding the same name twice has exactly one winner. (`users.json`, the
 * single file of earlier versions, is still read: a user saved since lives in `users/`.)
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { userPoolDefinition } from '../../definitions/userPool.js';
import { createFileExclusively, readOwnerOnlyFile, replaceFile } from '../files/ownerOnlyFile.js';
import type { PendingCode } from './confirmationCodes.js';

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
  /**
   * CONFIRMED; FORCE_CHANGE_PASSWORD for an AdminCreateUser user without a permanent password;
   * UNCONFIRMED for a user who signed up (where the pool allows it) and has not confirmed.
   */
  status: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED';
  /** SRP salt and verifier (srp.ts), for USER_SRP_AUTH. */
  srp?: { salt: string; verifier: string };
  /** A confirmation code sent (printed) and not yet used (confirmationCodes.ts). */
  pendingCode?: PendingCode;
  /** Epoch ms of the last global sign-out: sessions that began before it are revoked (sessions.ts). */
  signedOutAt?: number;
  /** Epoch ms of the last change (UserLastModifiedDate). */
  modified?: number;
}

export function cognitoDir(dataDir: string): string {
  return join(dataDir, 'cognito');
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Owner-only, through a temporary file and a rename: a link at `path` is replaced, never followed (local/files). */
function writeAtomically(path: string, value: unknown): void {
  replaceFile(path, json(value));
}

/** Writes `path` only if nothing is there yet (atomically, across processes); false if something was. */
function createExclusively(path: string, value: unknown): boolean {
  return createFileExclusively(path, json(value));
}

/** A link is refused, not followed: a planted pool.json must not choose the signing key. */
function readJson<T>(path: string, fallback: T): T {
  const text = readOwnerOnlyFile(path);
  return text === undefined ? fallback : (JSON.parse(text.toString('utf8')) as T);
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
      groups: userPoolDefinition.groups.map((group) => group.name),
    };
    writeAtomically(path, pool);
    return pool;
  }

  /**
   * A user's file: the name hex-encoded, so any Cognito username is a safe file name; a name of more
   * than 100 bytes (up to 128 characters of up to 4 bytes each) by its SHA-256 instead, so the name
   * and its temporary sibling stay under the file system's 255 bytes.
   */
  private userPath(username: string): string {
    const hex = Buffer.from(username, 'utf8').toString('hex');
    const name = hex.length <= 200 ? hex : `sha256-${createHash('sha256').update(username, 'utf8').digest('hex')}`;
    return join(this.dir, 'users', `${name}.json`);
  }

  user(username: string): StoredUser | undefined {
    return readJson<StoredUser | undefined>(this.userPath(username), undefined) ?? this.legacyUser(username);
  }

  /** From `users.json`: own keys only (a user named `constructor` is no Object method). */
  private legacyUser(username: string): StoredUser | undefined {
    const users = readJson<Record<string, StoredUser>>(join(this.dir, 'users.json'), {});
    return Object.hasOwn(users, username) ? users[username] : undefined;
  }

  /** Adds a new user; false (nothing written) when the name is taken, by this or another process. */
  addUser(user: StoredUser): boolean {
    mkdirSync(join(this.dir, 'users'), { recursive: true, mode: 0o700 });
    if (this.legacyUser(user.username)) return false;
    return createExclusively(this.userPath(user.username), user);
  }

  /** Replaces an existing user's record. */
  saveUser(user: StoredUser): void {
    mkdirSync(join(this.dir, 'users'), { recursive: true, mode: 0o700 });
    writeAtomically(this.userPath(user.username), { ...user, modified: Date.now() });
  }

  /** Removes a user (its file, and its entry in the legacy `users.json`); false if there was none. */
  deleteUser(username: string): boolean {
    const path = this.userPath(username);
    const hadFile = readOwnerOnlyFile(path) !== undefined;
    if (hadFile) rmSync(path);
    const legacyPath = join(this.dir, 'users.json');
    const legacy = readJson<Record<string, StoredUser>>(legacyPath, {});
    if (!Object.hasOwn(legacy, username)) return hadFile;
    delete legacy[username];
    writeAtomically(legacyPath, legacy);
    return true;
  }

  /** Every user, by name (a user saved since the legacy `users.json` counts once, as saved). */
  users(): StoredUser[] {
    const byName = new Map<string, StoredUser>(Object.entries(readJson<Record<string, StoredUser>>(join(this.dir, 'users.json'), {})));
    let names: string[];
    try {
      names = readdirSync(join(this.dir, 'users')).filter((name) => name.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      names = [];
    }
    for (const name of names) {
      const user = readJson<StoredUser | undefined>(join(this.dir, 'users', name), undefined);
      if (user) byName.set(user.username, user);
    }
    return [...byName.values()].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  /** `passwordHash` and `srp` from password.ts and srp.ts (computed off the main thread). */
  newUser(
    username: string,
    passwordHash: string,
    srp: StoredUser['srp'],
    attributes: Record<string, string>,
    status: StoredUser['status'],
  ): StoredUser {
    return {
      username,
      sub: randomUUID(),
      passwordHash,
      srp,
      attributes,
      groups: [],
      enabled: true,
      created: Date.now(),
      status,
    };
  }
}

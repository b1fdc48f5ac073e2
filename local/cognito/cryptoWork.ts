/**
 * The local pool's slow arithmetic — password scrypt and SRP's modular exponentiations — on one
 * worker thread (cryptoWorker.cjs), so a flood of sign-ins costs the pool's own answers time and
 * leaves every other request alone (issue 24: eight wrong-password loops took /graphql's median from
 * 2 to 646 ms). One thread: at most one core of hashing, and libuv's threadpool (the store's disk
 * work) untouched. At most MAX_WAITING jobs wait; past that a job is refused with CryptoBusy, which
 * the pool answers as Cognito answers too many requests. The worker starts on first use and does
 * not keep the process alive when idle (`npm run user` exits when done).
 */
import { Worker } from 'node:worker_threads';

export interface CryptoWork {
  scrypt(password: string, salt: Buffer, keyLength: number): Promise<Buffer>;
  modPow(base: bigint, exponent: bigint, modulus: bigint): Promise<bigint>;
}

export class CryptoBusy extends Error {}

/** ~2 s of scrypt at most in the queue: a client waits that long, or is told to come back. */
const MAX_WAITING = 64;

type Job =
  { op: 'scrypt'; password: string; salt: string; keyLength: number } | { op: 'modPow'; base: string; exponent: string; modulus: string };

interface Pending {
  resolve(result: string): void;
  reject(error: Error): void;
}

const evenHex = (value: bigint): string => {
  const hex = value.toString(16);
  return hex.length % 2 === 1 ? `0${hex}` : hex;
};

class WorkerCrypto implements CryptoWork {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  async scrypt(password: string, salt: Buffer, keyLength: number): Promise<Buffer> {
    return Buffer.from(await this.run({ op: 'scrypt', password, salt: salt.toString('base64url'), keyLength }), 'base64url');
  }

  async modPow(base: bigint, exponent: bigint, modulus: bigint): Promise<bigint> {
    return BigInt(`0x${await this.run({ op: 'modPow', base: evenHex(base), exponent: evenHex(exponent), modulus: evenHex(modulus) })}`);
  }

  private run(job: Job): Promise<string> {
    if (this.pending.size >= MAX_WAITING) return Promise.reject(new CryptoBusy(`${MAX_WAITING} password checks are waiting`));
    const worker = this.started();
    const id = (this.nextId += 1);
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, ...job });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./cryptoWorker.cjs', import.meta.url), { execArgv: [] });
    worker.unref();
    worker.on('message', (answer: { id: number; result?: string; error?: string }) => {
      const pending = this.pending.get(answer.id);
      if (!pending) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if (answer.error === undefined) pending.resolve(answer.result!);
      else pending.reject(new Error(answer.error));
    });
    // A worker that died fails what it held; the next job starts a new one.
    const stopped = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(new Error(`the user pool's crypto worker stopped (exit ${code})`)));
    this.worker = worker;
    return worker;
  }
}

/** The process's one crypto thread, shared by every pool it opens. */
export const sharedCryptoWork: CryptoWork = new WorkerCrypto();

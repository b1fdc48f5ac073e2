/**
 * The embedded DynamoDB-compatible store: dynalite persisted in DATA_DIR, in a worker thread of this
 * process (storeWorker.cjs), with no TCP port. The server calls it in-process over the worker's
 * MessagePort with the DynamoDB API's own JSON bodies; tools reach it over HTTP on a Unix domain
 * socket in DATA_DIR that only the server's user can open. LevelDB locks its folder: one server per
 * data folder, and that lock — held by the kernel for this process, dropped when it dies, even
 * before a zombie is reaped — is the server's claim on DATA_DIR (StoreLockedError). Same process, so durability and SIGKILL behave as with any in-process store: an
 * answer is only sent once dynalite's write callback ran.
 *
 * The worker gives the store a core of its own instead of queueing behind GraphQL on the main event
 * loop (measured in docs/performance.md).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lockHolder } from '../files/lockHolder.js';
import { ownerOnlyDir } from '../files/ownerOnlyFile.js';

/** One answer of the store: HTTP-equivalent status, the DynamoDB JSON body, dynalite's request id. */
export interface StoreReply {
  status: number;
  body: string;
  requestId: string;
}

export interface EmbeddedStore {
  /** The Unix domain socket tools can reach the store on (HTTP, DynamoDB JSON protocol), or undefined. */
  socketPath: string | undefined;
  /** One DynamoDB call (`PutItem`, ...) with its exact JSON request body, answered by the store. */
  call(operation: string, body: string): Promise<StoreReply>;
  close(): Promise<void>;
}

/**
 * Load shedding, the honest way: a call that waited longer than this in the store's queue is not
 * run at all — the worker answers it with DynamoDB's throttling error — so a refused write is never
 * stored and a slow queue is never reported as an unreachable store. As long as the external-store
 * client's worst case (two 5 s attempts): a starved machine gets slow before it refuses.
 */
const QUEUE_BUDGET_MS = 10_000;
/**
 * Calls waiting and not one message from the worker — not even its heartbeat (storeWorker.cjs) —
 * for this long: the store's thread itself is stalled, and every waiting call fails as "could not
 * be reached", as with a stalled TCP store. A busy store keeps beating while LevelDB works, so load
 * alone never trips this (no per-call timeout that a queue could hit). 30 s, not 10: on a starved
 * machine the worker can spend several seconds working off one batch of messages without its
 * heartbeat timer getting a turn (measured: 2,000 calls at load 12 on 2 cores).
 */
const STALL_TIMEOUT_MS = 30_000;
/**
 * Calls in flight at most; beyond, the call is shed at once with the same throttling error. Sized
 * so that a full queue is worked off in about 2 s on a quiet machine (dynalite serves ~2,000–3,000
 * calls/s on one core here), well inside QUEUE_BUDGET_MS.
 */
export const DEFAULT_MAX_IN_FLIGHT = 4096;
/** DATA_DIR's entries the store keeps: LevelDB's folder, and the folder of the tools' socket. */
const LEVELDB_FOLDER = 'dynalite';
const SOCKET_FOLDER = 'store';
export const EMBEDDED_STORE_ENTRIES = [LEVELDB_FOLDER, SOCKET_FOLDER];
/** Longest Unix socket path Linux accepts (sun_path is 108 bytes with the NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * DynamoDB's throttling error for on-demand tables, as the SDK and AppSync report it
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-diagnosing-workflow.html;
 * AppSync relays it as the field's error: https://github.com/aws/aws-appsync-community/issues/336).
 */
export const THROTTLED_BODY = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
  message:
    'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
});

/** The data folder's LevelDB is locked by another live process (another server): nothing was opened. */
export class StoreLockedError extends Error {
  constructor(
    readonly dataDir: string,
    /** The holder's pid, when the kernel says (local/files/lockHolder.ts). */
    readonly holderPid: number | undefined,
  ) {
    super(`the embedded store's folder in ${dataDir} is locked by another process${holderPid === undefined ? '' : ` (pid ${holderPid})`}`);
  }
}

/** One answer: the call's id, HTTP status, body, request id. The worker sends them in batches. */
type Answer = [number, number, string, string];
type FromWorker = Answer[] | 'beat' | { ready: true } | { error: string; locked: boolean } | { closed: true };

interface Pending {
  resolve(reply: StoreReply): void;
  reject(error: Error): void;
  postedAt: number;
}

/** `maxInFlight`: STORE_MAX_IN_FLIGHT (local/config.ts), the shedding threshold (tests lower it to prove shedding). */
export async function startEmbeddedStore(dataDir: string, maxInFlight = DEFAULT_MAX_IN_FLIGHT): Promise<EmbeddedStore> {
  const path = join(dataDir, LEVELDB_FOLDER);
  ownerOnlyDir(path);
  const lockFile = join(path, 'LOCK');
  // Asked of the kernel before LevelDB opens: a refused open still rotates the folder's LOG file,
  // and a start refused here writes nothing at all. (Two starts at once: LevelDB's own open decides.)
  const holder = lockHolder(lockFile);
  if (holder) throw new StoreLockedError(dataDir, holder.pid);
  const candidate = join(dataDir, SOCKET_FOLDER, 'dynamodb.sock');
  const socketPath = Buffer.byteLength(candidate) <= MAX_SOCKET_PATH ? candidate : undefined;
  if (socketPath) ownerOnlyDir(dirname(socketPath));
  const dynalitePath = createRequire(import.meta.url).resolve('dynalite');
  const workerData = { path, dynalitePath, socketPath, throttledBody: THROTTLED_BODY };
  const worker = new Worker(new URL('./storeWorker.cjs', import.meta.url), { workerData, execArgv: [] });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message === 'beat') return;
      if ('ready' in message) resolve();
      else if ('error' in message)
        reject(message.locked ? new StoreLockedError(dataDir, lockHolder(lockFile)?.pid) : new Error(message.error));
    });
    // A crash counts at 'exit', once the worker's last messages are read (Node drains them first):
    // a failed open posts why (a held LOCK) before the first call it also fails ends the thread.
    let crash: Error | undefined;
    worker.once('error', (error) => (crash = error));
    worker.once('exit', (code) => reject(crash ?? new Error(`the embedded store stopped while starting (exit ${code})`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    if (error instanceof StoreLockedError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`the embedded store could not open its data folder ${path}: ${message}`);
  });
  worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');

  const pending = new Map<number, Pending>();
  let nextId = 0;
  let stopped: Error | undefined;
  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  let lastHeard = Date.now();
  const stalledFor = (): number => {
    const oldest = pending.values().next().value as Pending | undefined;
    return oldest ? Date.now() - Math.max(lastHeard, oldest.postedAt) : 0;
  };
  // One check a second, not a timer per call. The verdict waits for setImmediate, after the event
  // loop's poll phase: answers queued while this thread was busy are read before it is judged.
  const sweep = setInterval(() => {
    if (stalledFor() <= STALL_TIMEOUT_MS) return;
    setImmediate(() => {
      if (stalledFor() > STALL_TIMEOUT_MS) failAll(new Error(`the embedded store has not answered for ${STALL_TIMEOUT_MS} ms`));
    });
  }, 1_000).unref();

  let onClosed = (): void => {};
  worker.on('message', (message: FromWorker) => {
    lastHeard = Date.now();
    if (message === 'beat') return;
    if (Array.isArray(message)) {
      for (const [id, status, body, requestId] of message) {
        const p = pending.get(id);
        if (!p) continue; // failed as stalled already
        pending.delete(id);
        p.resolve({ status, body, requestId });
      }
    } else if ('closed' in message) onClosed();
  });
  // After start, a failure of the store is a failure of the server, as when it ran on the main thread.
  worker.on('error', (error) => {
    throw error;
  });
  worker.once('exit', (code) => {
    stopped = new Error(`the embedded store stopped (exit ${code})`);
    clearInterval(sweep);
    failAll(stopped);
    onClosed();
  });

  // Calls made in one turn of the event loop go to the worker as one message, after the poll phase
  // (setImmediate): each message costs a structured clone and, when the worker sleeps, waking it.
  let outbox: [number, string, string, number][] = [];
  const flush = (): void => {
    const calls = outbox;
    outbox = [];
    if (!stopped && calls.length > 0) worker.postMessage(calls);
  };

  let closing: Promise<void> | undefined;
  return {
    socketPath,
    call(operation, body) {
      if (stopped) return Promise.reject(stopped);
      if (pending.size >= maxInFlight) return Promise.resolve({ status: 400, body: THROTTLED_BODY, requestId: '' });
      const id = (nextId = (nextId + 1) % Number.MAX_SAFE_INTEGER);
      const postedAt = Date.now();
      return new Promise<StoreReply>((resolve, reject) => {
        pending.set(id, { resolve, reject, postedAt });
        if (outbox.push([id, operation, body, postedAt + QUEUE_BUDGET_MS]) === 1) setImmediate(flush);
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        onClosed = () => {
          onClosed = () => {};
          void worker.terminate().then(() => resolve());
        };
        if (stopped) return onClosed();
        flush(); // calls made before close() reach the store first
        worker.postMessage('close');
      });
      return closing;
    },
  };
}

/**
 * The slow parts of a start that wait on other threads — the embedded store's worker (thread start,
 * dynalite, LevelDB open) and the local user pool (an RSA key generated on libuv's pool the first
 * time a DATA_DIR is used) — begun as soon as the settings are read, so they run while the main
 * thread builds the resolver bundles and loads the runtime's modules. startApp awaits each at the
 * point where it would otherwise start it, so failures are reported in start order.
 * Light modules only (jose, for the pool, is small): main.ts loads this before everything else; a
 * dynamic import here would resolve only once the main thread is done loading the runtime.
 */
import { LocalUserPool } from './cognito/userPoolService.js';
import type { Settings } from './config.js';
import { startEmbeddedStore, type EmbeddedStore } from './store/embeddedStore.js';

export interface EarlyStart {
  /** The embedded store, or undefined with an external DYNAMODB_ENDPOINT. */
  store: Promise<EmbeddedStore | undefined>;
  pool: Promise<LocalUserPool>;
  /** A later step failed: closes the store if it opened (its own failure, if any, is not the one to report). */
  abandon(): Promise<void>;
}

export function startEarly(settings: Settings): EarlyStart {
  // npm start has opened it already, as its claim on DATA_DIR (config.ts).
  const store = settings.dynamodbEndpoint
    ? Promise.resolve(undefined)
    : Promise.resolve(settings.embeddedStore ?? startEmbeddedStore(settings.dataDir, settings.storeMaxInFlight));
  const pool = LocalUserPool.open(settings.dataDir);
  // Awaited later, in start order; a failure meanwhile is not an unhandled rejection.
  store.catch(() => undefined);
  pool.catch(() => undefined);
  return {
    store,
    pool,
    async abandon() {
      const opened = await store.catch(() => undefined);
      await opened?.close();
    },
  };
}

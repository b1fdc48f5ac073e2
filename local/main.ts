/** `npm start`: builds the resolver bundles, starts the local runtime, prints one ready line. */
// Light modules only: the heavy ones (graphql, the AWS SDK, the runtime) load below, while the
// store's worker, the pool's key and esbuild's resolver build run on other threads (startEarly.ts).
import type { App } from './app.js';
import { UnsupportedSyntaxError } from './engine/runtime/appsyncJsSyntaxCheck.js';
import { portInUseMessageFromEnvironment, readSettingsForStart, SettingsError, StartFailure } from './config.js';
import { startEarly } from './startEarly.js';

let app: App | undefined;
let stopping = false;

function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  const closing = app ? app.close() : Promise.resolve();
  closing.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('error while stopping:', error);
      process.exit(1);
    },
  );
}

async function main(): Promise<void> {
  // Everything this process creates is its user's alone — above all in DATA_DIR, where LevelDB
  // makes its files with mode 0644 and no way to ask for less (docs/security.md, Files in DATA_DIR).
  process.umask(0o077);
  // Installed first, so a signal during start-up also stops cleanly.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Port and data folder checked before anything is created (config.ts).
  const settings = await readSettingsForStart();
  const early = startEarly(settings);
  const bundling = import('../definitions/resolverBundles.js').then(({ buildResolverBundlesAsync }) => buildResolverBundlesAsync());
  const loading = import('./app.js');
  // Awaited in start order: a bad resolver is reported before any store or runtime failure.
  loading.catch(() => undefined);
  await bundling.catch(async (error: unknown) => {
    await early.abandon();
    throw error;
  });
  const { readyLine, startApp } = await loading;
  app = await startApp(settings, early);
  if (stopping) return void (await app.close());
  // `npm run dev`: saved resolvers, schema and definitions swap into the running server (local/dev).
  if (process.argv.includes('--watch')) await (await import('./dev/devReloader.js')).startDevReloader(app);
  console.log(readyLine(app));
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof StartFailure) console.error(error.message);
  // Taken between the check and the listen: the same sentence.
  else if ((error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') console.error(portInUseMessageFromEnvironment());
  else if (error instanceof UnsupportedSyntaxError) console.error(error.message);
  else console.error('Failed to start:', error);
  process.exit(1);
});

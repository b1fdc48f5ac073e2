/** `npm start`: builds the resolver bundles, starts the local runtime, prints one ready line. */
import { buildResolverBundles } from '../definitions/resolverBundles.js';
import { startApp, type App } from './app.js';
import { readSettings, SettingsError } from './config.js';

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
  // Installed first, so a signal during start-up also stops cleanly.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const settings = readSettings();
  buildResolverBundles();
  app = await startApp(settings);
  if (stopping) return void (await app.close());
  const store = settings.dynamodbEndpoint ? settings.dynamodbEndpoint : `embedded ${app.storeEndpoint} (data in ${settings.dataDir})`;
  console.log(
    `Orders API ready: GraphQL ${app.baseUrl}/graphql | REST ${app.baseUrl}/new-order ${app.baseUrl}/user-orders | ` +
      `explorer ${app.baseUrl}/ | real-time ${app.baseUrl.replace(/^http/, 'ws')}/graphql/realtime | API key ${settings.apiKey} | store ${store}, table ${settings.tableName}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError) console.error(`Configuration error: ${error.message}`);
  else if (error instanceof Error && /LOCK|lock/.test(error.message)) console.error(`Cannot open the data folder (is another server using it?): ${error.message}`);
  else console.error('Failed to start:', error);
  process.exit(1);
});

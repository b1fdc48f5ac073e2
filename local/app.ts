/**
 * Composes the local runtime: store → table → resolver bundles in the APPSYNC_JS runtime →
 * executor → HTTP routes. `startApp` is what `npm start` and the end-to-end tests both run.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bundlePathOf, bundlesDir } from '../definitions/resolverBundles.js';
import { listResolvers } from '../definitions/resolverWiring.js';
import type { Settings } from './config.js';
import { createDynamoDBDataSource } from './appsync/dataSources/dynamodb.js';
import { noneDataSource } from './appsync/dataSources/none.js';
import { createPageTokens } from './appsync/dataSources/pageToken.js';
import { Executor, type DataSource } from './appsync/executor.js';
import { evaluateCodeRoute } from './appsync/evaluateCodeRoute.js';
import { graphqlRoute } from './appsync/graphqlRoute.js';
import { loadResolverFile } from './appsync/runtime/loadResolver.js';
import { loadSchemas } from './appsync/schema.js';
import { explorerRoutes } from './explorer/routes.js';
import type { Route, UpgradeRoute } from './http/router.js';
import { restShimRoutes } from './rest/restRoute.js';
import { readRealtimeOptions } from './realtime/options.js';
import { createRealtimeServer } from './realtime/realtimeServer.js';
import { createHttpServer } from './server.js';
import { createDynamoClient } from './store/dynamoClient.js';
import { createEmbeddedDynamoClient } from './store/embeddedClient.js';
import { startEmbeddedStore, type EmbeddedStore } from './store/embeddedStore.js';
import { ensureTable } from './store/ensureTable.js';

export interface App {
  settings: Settings;
  /** e.g. http://127.0.0.1:4000 */
  baseUrl: string;
  /** DYNAMODB_ENDPOINT, or the embedded store's Unix socket path (tools only: the runtime calls it in-process). */
  storeEndpoint: string;
  executor: Executor;
  dynamo: DynamoDBClient;
  server: Server;
  close(): Promise<void>;
}

export async function startApp(settings: Settings): Promise<App> {
  // An external store keeps the full AWS SDK path; the embedded one is called in-process (no TCP port).
  const store: EmbeddedStore | undefined = settings.dynamodbEndpoint ? undefined : await startEmbeddedStore(settings.dataDir);
  const endpoint = settings.dynamodbEndpoint ?? store?.socketPath ?? '';
  const dynamo = store ? createEmbeddedDynamoClient(store) : createDynamoClient(endpoint);
  try {
    await ensureTable(dynamo, settings.tableName);
  } catch (error) {
    dynamo.destroy();
    await store?.close();
    throw error;
  }

  const dataSources: Record<string, DataSource> = {
    ordersTable: createDynamoDBDataSource(dynamo, settings.tableName, createPageTokens(settings.tokenSecret)),
    none: noneDataSource,
  };
  const resolvers = listResolvers().map((w) => ({
    typeName: w.typeName,
    fieldName: w.fieldName,
    resolver: loadResolverFile(bundlePathOf(w.name, bundlesDir), w.name),
    dataSource: dataSources[w.dataSource]!,
  }));
  const executor = new Executor(loadSchemas(), resolvers);

  const routes: Route[] = [graphqlRoute(executor, settings.apiKey), ...explorerRoutes(settings.apiKey), ...restShimRoutes(executor, settings.apiKey), evaluateCodeRoute()];
  const realtime = createRealtimeServer({ executor, apiKey: settings.apiKey, resolvers, options: readRealtimeOptions() });
  const upgrades: UpgradeRoute[] = [realtime.route];
  const server = createHttpServer(routes, upgrades);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;

  return {
    settings,
    baseUrl: `http://${host}:${port}`,
    storeEndpoint: endpoint,
    executor,
    dynamo,
    server,
    async close() {
      await realtime.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      dynamo.destroy();
      await store?.close();
    },
  };
}

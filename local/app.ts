/**
 * Composes the local runtime: store → table → resolver bundles in the APPSYNC_JS runtime →
 * executor → HTTP routes. `startApp` is what `npm start` and the end-to-end tests both run.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { bundlePathOf, bundlesDir, codeSizeProblem } from '../definitions/resolverBundles.js';
import { listResolvers, type ResolverWiring } from '../definitions/resolverWiring.js';
import { StartFailure, type Settings } from './config.js';
import { DEFAULT_API_LIMITS } from '../definitions/apiLimits.js';
import { ordersTable, USER_TIME_INDEX_ENV } from '../definitions/ordersTable.js';
import { projectRoot } from '../definitions/paths.js';
import { createDynamoDBDataSource } from './engine/dataSources/dynamodb.js';
import { noneDataSource } from './engine/dataSources/none.js';
import { createPageTokens } from './engine/dataSources/pageToken.js';
import { Executor, type BoundResolver, type DataSource } from './engine/executor.js';
import { evaluateCodeRoute } from './evaluate/evaluateCodeRoute.js';
import { createCodeSandbox } from './engine/sandbox/sandboxProcess.js';
import type { AuthModes } from './auth/selectCaller.js';
import { realPoolIssuer, realPoolVerifier } from './auth/tokenVerifier.js';
import { userPoolRoutes } from './cognito/userPoolRoute.js';
import { graphqlGetRoute, graphqlRoute } from './graphql/graphqlRoute.js';
import { loadResolverSource, type LoadedResolver } from './engine/runtime/loadResolver.js';
import { RESOLVER_CALL_LIMITS } from './engine/runtime/callDeadline.js';
import { loadSchemas } from './apiSchema.js';
import type { AppSyncSchemas } from './engine/schema.js';
import { RequestLogger } from './logging/requestLogger.js';
import { explorerRoutes } from './explorer/routes.js';
import type { Route, UpgradeRoute } from './http/router.js';
import { restShimRoutes } from './rest/restRoute.js';
import { openApiRoute } from './rest/openApiRoute.js';
import { createRealtimeServer } from './realtime/realtimeServer.js';
import { createHttpServer } from './http/server.js';
import { localTls, tlsReadyNote } from './http/localCa.js';
import { serveTlsOnSamePort } from './http/tlsOnSamePort.js';
import { ownHosts } from './http/ownHosts.js';
import { createDynamoClient } from './store/dynamoClient.js';
import { createEmbeddedDynamoClient } from './store/embeddedClient.js';
import { ensureTable } from './store/ensureTable.js';
import { startEarly, type EarlyStart } from './startEarly.js';

export interface App {
  settings: Settings;
  /** e.g. http://127.0.0.1:4000 */
  baseUrl: string;
  /** DYNAMODB_ENDPOINT, or the embedded store's Unix socket path (tools only: the runtime calls it in-process). */
  storeEndpoint: string;
  executor: Executor;
  dynamo: DynamoDBClient;
  server: Server;
  /** https and wss on the same port, by a certificate of DATA_DIR's local CA: where that CA's certificate is kept. */
  tls: { caPath: string };
  /** The ready line's `Cognito <endpoint> user pool <poolId> client <clientId>`: the real pool's when USER_POOL_ID is set. */
  userPool: { endpoint: string; poolId: string; clientId: string };
  /** Loads a resolver bundle as the server runs it (its console lines into the server's logs); throws UnsupportedSyntaxError. */
  loadResolver(code: string, name: string, bundlePath: string): LoadedResolver;
  /**
   * Hot reload (local/dev): serves this schema and these resolvers from the next request on, in one
   * synchronous step; a resolver given without code keeps the code it runs now.
   */
  reload(schemas: AppSyncSchemas, resolvers: readonly { wiring: ResolverWiring; resolver: LoadedResolver | undefined }[]): void;
  close(): Promise<void>;
}

/** Where the APPSYNC_JS syntax check names sources from and remembers bundles that passed. */
const SYNTAX_CHECK_PLACE = { root: projectRoot, cacheDir: join(projectRoot, 'node_modules', '.cache', 'appsync-js-syntax') };

/** Runs `step` now; the returned function gives its result, or throws its error, when the caller's turn for it comes. */
function settledNow<T>(step: () => T): () => T {
  try {
    const value = step();
    return () => value;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}

/** `early`: the store and the user pool, already starting off the main thread (startEarly.ts). */
export async function startApp(settings: Settings, early: EarlyStart = startEarly(settings)): Promise<App> {
  const logger = new RequestLogger(settings.logLevel, undefined, 'local', settings.resolverLogs);
  // The vm names the code `<name>.js`: AppSync's console lines name the file that way too.
  const loadResolver = (code: string, name: string, bundlePath: string): LoadedResolver => {
    // Code AppSync would refuse to deploy is not served either.
    const tooLarge = codeSizeProblem(code, relative(projectRoot, bundlePath));
    if (tooLarge) throw new StartFailure(tooLarge);
    return loadResolverSource(code, name, {
      bundlePath,
      onLog: logger.consoleSink(`${name}.js`),
      callLimits: RESOLVER_CALL_LIMITS,
      ...SYNTAX_CHECK_PLACE,
    });
  };
  // Bundles load into their vm contexts (with the APPSYNC_JS check) and the schema is read while the
  // store's worker opens LevelDB; their failures are still reported after the store's and the table's.
  const resolversAndSchema = settledNow(() => ({
    loaded: new Map(
      listResolvers().map((w) => {
        const bundlePath = bundlePathOf(w.name, bundlesDir);
        return [w.name, { wiring: w, code: loadResolver(readFileSync(bundlePath, 'utf8'), w.name, bundlePath) }];
      }),
    ),
    schemas: loadSchemas(),
  }));
  // An external store keeps the full AWS SDK path; the embedded one is called in-process (no TCP port).
  const store = await early.store;
  const endpoint = settings.dynamodbEndpoint ?? store?.socketPath ?? '';
  const dynamo = store ? createEmbeddedDynamoClient(store) : createDynamoClient(endpoint, settings.storeClient);
  const { loaded, schemas } = await ensureTable(dynamo, settings.tableName)
    .then(resolversAndSchema)
    .catch(async (error: unknown) => {
      dynamo.destroy();
      await store?.close();
      throw error;
    });

  const dataSources: Record<string, DataSource> = {
    ordersTable: createDynamoDBDataSource(dynamo, settings.tableName, createPageTokens(settings.tokenSecret)),
    none: noneDataSource,
  };
  const bind = (wiring: ResolverWiring, resolver: LoadedResolver): BoundResolver => ({
    typeName: wiring.typeName,
    fieldName: wiring.fieldName,
    resolver,
    dataSource: dataSources[wiring.dataSource]!,
  });
  /** What runs now, by resolver name (`Query.userOrders`). */
  let running = loaded;
  const resolvers = [...running.values()].map(({ wiring, code }) => bind(wiring, code));
  // The stack's values (definitions/): ctx.env as OrdersGraphqlApi sets it, and the API's run limits.
  const executor = new Executor(schemas, resolvers, {
    env: { [USER_TIME_INDEX_ENV]: ordersTable.userTimeIndex.name },
    limits: DEFAULT_API_LIMITS,
  });
  if (settings.logLevel !== 'NONE') executor.hooks.onRequest.push((schema) => logger.begin(schema));

  // Tokens of the local pool (served on this port), or of a real pool given by USER_POOL_ID.
  const localPool = await early.pool;
  const realVerifier = settings.realUserPool ? realPoolVerifier(settings.realUserPool) : undefined;
  const authModes: AuthModes = {
    apiKey: settings.apiKey,
    iam: { credentials: settings.iamCredentials, region: settings.region, service: 'appsync' },
    get userPool() {
      return realVerifier ?? localPool.verifier;
    },
  };
  // Submitted code runs in a process of its own, started at the first EvaluateCode call.
  const sandbox = createCodeSandbox(settings.evaluateCode);
  const routes: Route[] = [
    graphqlRoute(executor, authModes),
    graphqlGetRoute(executor, authModes),
    ...userPoolRoutes(localPool, authModes.iam),
    // The explorer's sign-in box calls the pool on its own origin: only the local one is.
    ...explorerRoutes(settings.apiKey, settings.realUserPool ? '' : localPool.clientId),
    ...restShimRoutes(executor, settings.apiKey),
    openApiRoute(),
    evaluateCodeRoute({ iam: authModes.iam, sandbox }),
  ];
  const realtime = createRealtimeServer({ executor, authModes, resolvers, options: settings.realtime });
  const upgrades: UpgradeRoute[] = [realtime.route];
  const server = createHttpServer(routes, upgrades);
  // https and wss on the same port (aws-amplify dials wss:// to the http endpoint's port), from DATA_DIR's CA.
  const tls = await localTls(settings.dataDir);
  const secure = serveTlsOnSamePort(server, tls);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Known once listening (PORT=0): signatures must name this server's host.
  authModes.iam.hosts = ownHosts(settings.host, port);
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const baseUrl = `http://${host}:${port}`;
  localPool.setBaseUrl(baseUrl);
  const real = settings.realUserPool;

  return {
    settings,
    baseUrl,
    userPool: real
      ? { endpoint: new URL(realPoolIssuer(real)).origin, poolId: real.userPoolId, clientId: real.clientId }
      : { endpoint: baseUrl, poolId: localPool.poolId, clientId: localPool.clientId },
    storeEndpoint: endpoint,
    executor,
    dynamo,
    server,
    tls: { caPath: tls.caPath },
    loadResolver,
    reload(schemas, next) {
      const chosen = next.map(({ wiring, resolver }) => {
        const code = resolver ?? running.get(wiring.name)?.code;
        if (!code) throw new Error(`reload: resolvers/${wiring.name}.ts has no code loaded`);
        return { wiring, code };
      });
      const bound = chosen.map(({ wiring, code }) => bind(wiring, code));
      executor.swap(schemas, bound);
      realtime.replaceResolvers(bound);
      running = new Map(chosen.map((c) => [c.wiring.name, c]));
    },
    async close() {
      await sandbox.close();
      await realtime.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        secure.closeAllConnections();
      });
      dynamo.destroy();
      await store?.close();
    },
  };
}

/**
 * The one line `npm start` prints once the API answers (contract: Local runtime): every URL, the
 * key, the store and the user pool. Tools and tests read it (harness/cognito.ts poolOf).
 */
export function readyLine(app: App): string {
  const { settings, baseUrl } = app;
  // The embedded store has no TCP port: the server calls it in-process; tools use its owner-only Unix socket.
  const embedded = app.storeEndpoint
    ? `${app.storeEndpoint} (Unix socket, owner only; data in ${settings.dataDir})`
    : `in-process (DATA_DIR path too long for a socket; data in ${settings.dataDir})`;
  const store = settings.dynamodbEndpoint ? settings.dynamodbEndpoint : `embedded ${embedded}`;
  return (
    `Orders API ready: GraphQL ${baseUrl}/graphql | REST ${baseUrl}/new-order ${baseUrl}/user-orders | ` +
    `explorer ${baseUrl}/ | real-time ${baseUrl.replace(/^http/, 'ws')}/graphql/realtime | API key ${settings.apiKey} | store ${store}, table ${settings.tableName} | ` +
    `Cognito ${app.userPool.endpoint} user pool ${app.userPool.poolId} client ${app.userPool.clientId} | ` +
    tlsReadyNote(baseUrl, app.tls.caPath)
  );
}

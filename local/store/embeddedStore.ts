/**
 * The embedded DynamoDB-compatible store: dynalite (DynamoDB's API on LevelDB) persisted in a
 * folder, listening on a loopback port of its own so the AWS SDK talks to it over real HTTP.
 * LevelDB locks its folder: one process per data folder.
 *
 * It runs in a worker thread of this process: the store's own work (request parsing, LevelDB)
 * then gets a core of its own instead of queueing behind GraphQL and the SDK on the main event
 * loop (measured in docs/performance.md). Same process, so durability and SIGKILL behave as before.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface EmbeddedStore {
  endpoint: string;
  close(): Promise<void>;
}

type FromWorker = { port: number } | { error: string } | { closed: true };

/** Plain CommonJS, evaluated by the worker: no loader or transpiler needed inside it. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const dynalite = require(workerData.dynalitePath);
const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.once('error', (error) => parentPort.postMessage({ error: String(error && error.message || error) }));
// Ready only once LevelDB has really opened: a first request reads it (a locked folder fails here).
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const req = require('node:http').request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: {
    'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', 'x-amz-date': '20200101T000000Z',
    authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  } }, (res) => {
    res.resume();
    res.on('end', () => parentPort.postMessage(res.statusCode === 200 ? { port } : { error: 'ListTables answered ' + res.statusCode }));
  });
  req.on('error', (error) => parentPort.postMessage({ error: String(error.message) }));
  req.end('{}');
});
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  server.close(() => parentPort.postMessage({ closed: true }));
  if (server.closeAllConnections) server.closeAllConnections();
});
`;

export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  const path = join(dataDir, 'dynalite');
  mkdirSync(path, { recursive: true });
  const dynalitePath = createRequire(import.meta.url).resolve('dynalite');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, dynalitePath }, execArgv: [] });
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (message: FromWorker): void => {
      if ('port' in message) resolve(message.port);
      else if ('error' in message) reject(new Error(message.error));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the embedded store stopped while starting (exit ${code})`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`the embedded store could not open its data folder ${path} (LOCK held by another server?): ${message}`);
  });
  // After start, a failure of the store is a failure of the server, as when it ran on the main thread.
  worker.on('error', (error) => {
    throw error;
  });
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (message: FromWorker) => {
          if ('closed' in message) void worker.terminate();
        });
        worker.postMessage('close');
      });
      return closing;
    },
  };
}

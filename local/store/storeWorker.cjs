/**
 * The embedded store's worker thread: dynalite (DynamoDB's API on LevelDB) with no TCP port.
 *
 * - The server calls it over this thread's MessagePort: `[id, operation, body, queueDeadline]` in,
 *   `[id, status, body, requestId]` out, where body is the exact JSON the DynamoDB API takes and
 *   answers. A call still queued after its deadline is not run: it is answered with DynamoDB's
 *   throttling error (embeddedStore.ts says why). Each call
 *   is handed to dynalite's own HTTP request handler (node_modules/dynalite/index.js `httpHandler`),
 *   so the store parses, type-checks, validates and dispatches it exactly as it would over HTTP; only
 *   the signature, which this trusted in-process caller cannot forge or need, is fixed.
 * - Tools and tests reach the same store over HTTP on a Unix domain socket inside DATA_DIR, in a
 *   folder only the server's user may enter (0700, made by embeddedStore.ts) and a socket only they
 *   may open (0600).
 * - LevelDB's LOCK is the server's claim on DATA_DIR: the kernel holds it for this process and drops
 *   it when the process dies. A folder locked by another process is reported as `locked`.
 * - dynalite is used as installed: the project's fixes to it (iterators closed, key streams bounded,
 *   Queries without `lazy`, expressions parsed once, table descriptions kept, open failures
 *   reported) are patches applied at install (patches/README.md).
 *
 * Plain CommonJS, so the worker needs no loader or transpiler.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { EventEmitter } = require('node:events');
const { chmodSync, rmSync } = require('node:fs');
const dynalite = require(workerData.dynalitePath);

const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
/** dynalite's `httpHandler`, bound to its LevelDB store: the only request listener of its server. */
const handle = server.listeners('request')[0];

/** A well-formed SigV4 header for dynalite's format check; dynalite verifies no signatures. */
const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0';

/** Feeds one DynamoDB JSON request through dynalite's handler with a minimal request/response pair. */
function call(operation, body, done) {
  const req = new EventEmitter();
  req.method = 'POST';
  req.url = '/';
  req.headers = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `DynamoDB_20120810.${operation}`,
    'x-amz-date': '20200101T000000Z',
    authorization: AUTHORIZATION,
  };
  let requestId = '';
  const res = {
    statusCode: 200,
    setHeader(name, value) {
      if (name === 'x-amzn-RequestId') requestId = value;
    },
    end(text) {
      done(res.statusCode, text === undefined ? '' : String(text), requestId);
    },
  };
  handle(req, res);
  req.emit('data', Buffer.from(body));
  req.emit('end');
}

/** Posts the store's first failure (LevelDB's open, or the socket's listen) once: the server gives up on the first. */
let failed = false;
const fail = (error, locked = false) => {
  if (failed) return;
  failed = true;
  parentPort.postMessage({ error, locked });
};
// dynalite opens LevelDB as it starts and reports a failure as its server's 'error' (patches/), as
// listen() reports its own. The first call below fails too, and dynalite throws what it has no
// status for, ending this thread: the server reads this message first (embeddedStore.ts).
server.on('error', (error) => {
  const locked = error.code === 'LEVEL_LOCKED' || (error.cause && error.cause.code === 'LEVEL_LOCKED');
  const cause = error.cause && error.cause.message ? `: ${error.cause.message}` : '';
  fail(`${(error && error.message) || error}${cause}`, locked);
});

/** Opens the socket only after LevelDB is open (and locked by us), so a stale file is ours to replace. */
function listenOnSocket(socketPath, ready) {
  if (!socketPath) return ready();
  rmSync(socketPath, { force: true }); // left by a server that was killed (a link there is removed, not followed)
  server.listen(socketPath, () => {
    chmodSync(socketPath, 0o600);
    ready();
  });
}

// Ready only once LevelDB has really opened (and locked its folder for this process): a first call
// has read it.
call('ListTables', '{}', (status, text) => {
  if (status !== 200) return fail(`ListTables answered ${status}: ${text}`);
  listenOnSocket(workerData.socketPath, () => failed || parentPort.postMessage({ ready: true }));
});

// A heartbeat while this thread's event loop turns: the server tells a stalled store (no beat) from
// a busy one (LevelDB slow under load, beats still coming), and fails calls only for the former — a
// call failed as "unreachable" that the store then runs would be a write reported lost but stored.
setInterval(() => parentPort.postMessage('beat'), 250).unref();

// Answers finished in one turn of this thread's event loop go back as one message (setImmediate),
// as calls come in batches: one structured clone and at most one wake-up of the main thread each.
let answers = [];
const flushAnswers = () => {
  const batch = answers;
  answers = [];
  if (batch.length > 0) parentPort.postMessage(batch);
};
const answer = (id, status, text, requestId) => {
  if (answers.push([id, status, text, requestId]) === 1) setImmediate(flushAnswers);
};
// Calls started and not yet answered; a close waits for them (their writes land, their callers
// hear), for CLOSE_WAIT_MS at most.
const CLOSE_WAIT_MS = 5000;
let running = 0;
let afterLast = null;

parentPort.on('message', (message) => {
  if (Array.isArray(message)) {
    for (const [id, operation, body, deadline] of message) {
      // Shed without running: it waited in the queue past its budget (embeddedStore.ts).
      if (Date.now() > deadline) answer(id, 400, workerData.throttledBody, '');
      else {
        running += 1;
        call(operation, body, (status, text, requestId) => {
          answer(id, status, text, requestId);
          running -= 1;
          if (running === 0 && afterLast) afterLast();
        });
      }
    }
    return;
  }
  if (message !== 'close') return;
  const closed = () => {
    flushAnswers(); // answers not yet sent go first
    parentPort.postMessage({ closed: true });
  };
  const close = () => {
    afterLast = null;
    // dynalite's close() stops the socket and closes LevelDB gracefully (pending writes land first).
    if (!server.listening) return closed(); // no socket: worker.terminate() closes LevelDB
    server.close(closed);
    server.closeAllConnections();
  };
  if (running === 0) return close();
  afterLast = close;
  // A call that never ends (a stalled store) must not keep the server from stopping.
  setTimeout(() => afterLast && afterLast(), CLOSE_WAIT_MS).unref();
});

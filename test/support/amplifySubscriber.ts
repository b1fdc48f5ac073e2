/**
 * subscribeAndCreate (amplifySubscription.ts) as a Node app, in its own process: NODE_EXTRA_CA_CERTS
 * is read at process start. Node 20 has no global WebSocket, so the app gives it `ws`'s, as is.
 * Prints `{data, states}` as one JSON line and exits 0, or prints why not and exits 1.
 * env: ENDPOINT, API_KEY, STORE_ID, TIMEOUT_MS.
 */
import WebSocket from 'ws';
import { subscribeAndCreate } from './amplifySubscription.js';

(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
const { ENDPOINT = '', API_KEY = '', STORE_ID = 'store-amplify', TIMEOUT_MS = '20000' } = process.env;

subscribeAndCreate({ endpoint: ENDPOINT, apiKey: API_KEY, storeId: STORE_ID, timeoutMs: Number(TIMEOUT_MS) }).then(
  (outcome) => {
    console.log(JSON.stringify(outcome));
    process.exit(0);
  },
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);

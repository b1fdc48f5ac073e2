/**
 * https and wss on the API's own port, from the local CA the server makes in DATA_DIR/tls, so that
 * aws-amplify — which always dials `wss://` for subscriptions — works unmodified once the CA is
 * trusted: in Node with NODE_EXTRA_CA_CERTS, in Chromium with the CA in its authorities. The plain
 * `http://` and `ws://` endpoints keep answering on the same port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { authHeader } from '../../harness/realtimeClients.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';

let server: LocalServer;
let caPath: string;
let port: string;

beforeAll(async () => {
  server = await startLocalServer();
  caPath = join(server.dataDir, 'tls', 'ca.pem');
  port = new URL(server.url).port;
});
afterAll(async () => {
  await server?.stop();
});

/** An https request that trusts `ca` only. */
function httpsPost(url: string, body: string, headers: Record<string, string>, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: 'POST', headers, ca, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens a real-time connection with AppSync's subprotocols; resolves with its first message. */
function realtimeAck(url: string, options: WebSocket.ClientOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['graphql-ws', `header-${authHeader(server, server.apiKey)}`], options);
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.once('message', (data) => {
      resolve(String(data));
      ws.close();
    });
  });
}

const query = JSON.stringify({ query: '{ userOrders(store_id: "s1", user_id: "u1") { items { order_id } } }' });

describe('the local CA', () => {
  it('is named in the ready line, with the https and wss URLs on the same port', () => {
    expect(server.readyLine).toContain(`| TLS https://127.0.0.1:${port}/graphql wss://127.0.0.1:${port}/graphql/realtime (CA ${caPath})`);
    expect(server.readyLine).toMatch(/^Orders API ready: GraphQL http:\/\/127\.0\.0\.1:\d+\/graphql /);
  });

  it('is made on first start in DATA_DIR/tls, owner-only, limited to loopback names, and signs the certificate the port serves', () => {
    const dir = join(server.dataDir, 'tls');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem'])
      expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
    const text = spawnSync('openssl', ['x509', '-in', caPath, '-noout', '-text'], { encoding: 'utf8' }).stdout;
    expect(text).toMatch(
      /X509v3 Name Constraints: critical\s+Permitted:\s+DNS:localhost\s+IP:127\.0\.0\.0\/255\.0\.0\.0\s+IP:0:0:0:0:0:0:0:1\//,
    );
    expect(text).toMatch(/CA:TRUE, pathlen:0/);
    const leaf = new X509Certificate(readFileSync(join(dir, 'server.pem')));
    expect(leaf.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(leaf.verify(new X509Certificate(readFileSync(caPath)).publicKey)).toBe(true);
  });
});

describe('one port, TLS and plain', () => {
  it('answers POST /graphql over https (trusting the CA) and over http', async () => {
    const headers = { 'content-type': 'application/json', 'x-api-key': server.apiKey };
    const secure = await httpsPost(`https://127.0.0.1:${port}/graphql`, query, headers, readFileSync(caPath, 'utf8'));
    expect(secure.status).toBe(200);
    expect(JSON.parse(secure.body)).toEqual({ data: { userOrders: { items: [] } } });
    const viaName = await httpsPost(`https://localhost:${port}/graphql`, query, headers, readFileSync(caPath, 'utf8'));
    expect(viaName.status).toBe(200);
    const plain = await fetch(server.graphqlUrl, { method: 'POST', headers, body: query });
    expect(await plain.json()).toEqual({ data: { userOrders: { items: [] } } });
  });

  it('verifies for real: a client that does not trust the CA fails the handshake', async () => {
    await expect(httpsPost(`https://127.0.0.1:${port}/graphql`, query, {})).rejects.toThrow(/certificate/);
  });

  it('serves the real-time endpoint over wss:// and ws://', async () => {
    const ca = readFileSync(caPath, 'utf8');
    expect(JSON.parse(await realtimeAck(`wss://127.0.0.1:${port}/graphql/realtime`, { ca })).type).toBe('connection_ack');
    expect(JSON.parse(await realtimeAck(`ws://127.0.0.1:${port}/graphql/realtime`)).type).toBe('connection_ack');
  });
});

/** Runs the Node app of test/support/amplifySubscriber.ts against the server. */
function runAmplifyApp(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/support/amplifySubscriber.ts')], {
      cwd: projectRoot,
      env: { ...process.env, ENDPOINT: server.graphqlUrl, API_KEY: server.apiKey, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('aws-amplify 6, unmodified', () => {
  it('in Node with NODE_EXTRA_CA_CERTS = DATA_DIR/tls/ca.pem: subscribes to the ready line endpoint over wss:// and receives the order', async () => {
    const run = await runAmplifyApp({ NODE_EXTRA_CA_CERTS: caPath, STORE_ID: 'store-node', TIMEOUT_MS: '30000' });
    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout) as { data: { onCreateOrder: Record<string, unknown> }; states: string[] };
    expect(outcome.data.onCreateOrder).toMatchObject({ store_id: 'store-node', user_id: 'user1', grand_total: 12.5 });
    expect(outcome.states).toContain('Connected');
  }, 60_000);

  it('in Chromium with the CA among its authorities (NSS, as `certutil` adds it): the same app in a page receives the order', async () => {
    // The browser's own profile of authorities, in a throwaway HOME: the machine's trust is untouched.
    const home = mkdtempSync(join(tmpdir(), 'chromium-home-'));
    const nssdb = `sql:${join(home, '.pki', 'nssdb')}`;
    spawnSync('mkdir', ['-p', join(home, '.pki', 'nssdb')]);
    for (const args of [
      ['-N', '-d', nssdb, '--empty-password'],
      ['-A', '-d', nssdb, '-t', 'C,,', '-n', 'Orders API local CA', '-i', caPath],
    ]) {
      const result = spawnSync('certutil', args, { encoding: 'utf8' });
      expect(result.status, `certutil ${args.join(' ')}: ${result.stderr} (Debian: apt-get install libnss3-tools)`).toBe(0);
    }
    const bundle = await build({
      entryPoints: [join(projectRoot, 'test/support/amplifySubscription.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'amplifyApp',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    });
    const script = bundle.outputFiles[0]!.text;
    // The app's own page, on another origin, as a developer's dev server would serve it.
    const site: Server = createServer((req, res) => {
      if (req.url === '/app.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><script src="/app.js"></script>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        env: { ...process.env, HOME: home },
        timeout: 30_000,
      });
      const page = await browser.newPage();
      const socketUrls: string[] = [];
      page.on('websocket', (ws) => socketUrls.push(ws.url()));
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      const outcome = await page.evaluate(
        (run) =>
          (globalThis as unknown as { amplifyApp: { subscribeAndCreate(r: typeof run): Promise<unknown> } }).amplifyApp.subscribeAndCreate(
            run,
          ),
        { endpoint: server.graphqlUrl, apiKey: server.apiKey, storeId: 'store-browser', timeoutMs: 30_000 },
      );
      expect(outcome).toMatchObject({ data: { onCreateOrder: { store_id: 'store-browser', user_id: 'user1' } } });
      expect(socketUrls[0]).toMatch(new RegExp(`^wss://127\\.0\\.0\\.1:${port}/graphql/realtime`));
    } finally {
      await browser?.close();
      await new Promise((resolve) => site.close(resolve));
    }
  }, 90_000);
});

/**
 * The explorer at GET /: served by the local server itself with its own content types and CSP, the
 * API key only for loopback clients, and — in Debian's Chromium — GraphiQL running createOrder and
 * userOrders from its UI. Saves a screenshot (docs/explorer.png, the README's, with UPDATE_SCREENSHOTS=1).
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, validate } from 'graphql';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { explorerAssets } from '../../local/explorer/assets.js';
import { EXAMPLE_QUERY, EXAMPLE_VARIABLES } from '../../local/explorer/examples.js';
import { isLoopbackAddress, isLoopbackHost } from '../../local/http/loopback.js';
import type { ExplorerConfig } from '../../local/explorer/page.js';
import { CONTENT_SECURITY_POLICY } from '../../local/explorer/securityHeaders.js';
import { launchChromium } from '../support/chromium.js';
import { PASSWORD, cognitoClient, poolOf } from '../../harness/cognito.js';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  QUERY_EDITOR,
  TOOL_EDITORS,
  editorValue,
  putCursorOn,
  resultJson,
  setEditorValue,
  collectPageProblems,
} from '../support/graphiqlPage.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with the path sent exactly as given (fetch would normalise `..`) and any Host header. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function pageConfig(html: string): ExplorerConfig {
  const json = /<script type="application\/json" id="explorer-config">(.*?)<\/script>/s.exec(html)?.[1];
  if (json === undefined) throw new Error(`no #explorer-config block in:\n${html}`);
  return JSON.parse(json) as ExplorerConfig;
}

function expectSecurityHeaders(headers: IncomingHttpHeaders): void {
  expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['access-control-allow-origin']).toBeUndefined();
}

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('explorer over HTTP', () => {
  it('serves the page as HTML with a self-only CSP, uncached, with the key for a loopback client', async () => {
    const res = await rawGet(server.url, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(res.headers);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.body.toString('utf8');
    expect(pageConfig(html)).toEqual({
      endpoint: '/graphql',
      apiKey: server.apiKey,
      clientId: poolOf(server).clientId,
      defaultQuery: EXAMPLE_QUERY,
      defaultVariables: EXAMPLE_VARIABLES,
    });
    expect(html).toContain('id="explorer-signin"');
    // Nothing from another origin, and no inline script (only the JSON data block).
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect([...html.matchAll(/<script(?![^>]*type="application\/json")[^>]*>([^<]*)<\/script>/g)].every((m) => m[1] === '')).toBe(true);
    expect(html).not.toContain('class="explorer-note"');

    const head = await fetch(`${server.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('withholds the key when the Host is not a loopback name (DNS rebinding), and says to paste one', async () => {
    const port = new URL(server.url).port;
    for (const host of [`attacker.example:${port}`, `192.0.2.10:${port}`, `localhost.attacker.example:${port}`]) {
      const res = await rawGet(server.url, '/', { host });
      const html = res.body.toString('utf8');
      expect(res.status).toBe(200);
      expect(pageConfig(html).apiKey).toBe('');
      expect(html).not.toContain(server.apiKey);
      expect(html).toContain('class="explorer-note"');
    }
    for (const host of [`localhost:${port}`, `[::1]:${port}`, `127.0.0.1:${port}`]) {
      expect(pageConfig((await rawGet(server.url, '/', { host })).body.toString('utf8')).apiKey).toBe(server.apiKey);
    }
  });

  it('serves each allow-listed asset with its content type, nosniff and the CSP; gzip and ETag revalidation', async () => {
    const types: Record<string, string> = {
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      map: 'application/json; charset=utf-8',
    };
    for (const path of explorerAssets().keys()) {
      const res = await rawGet(server.url, path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toBe(types[path.split('.').pop() ?? '']);
      expectSecurityHeaders(res.headers);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body.length).toBeGreaterThan(100);

      const again = await rawGet(server.url, path, { 'if-none-match': String(res.headers.etag) });
      expect(again.status, path).toBe(304);
      expect(again.body.length).toBe(0);
    }
    const gzipped = await rawGet(server.url, '/explorer/graphiql.min.js', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body.length).toBeLessThan(1_500_000);
  });

  it('serves nothing that is not on the allow-list', async () => {
    const paths = [
      '/explorer/../../package.json',
      '/explorer/../package.json',
      '/explorer/..%2f..%2fpackage.json',
      '/explorer/%2e%2e/%2e%2e/package.json',
      '/explorer/',
      '/explorer',
      '/explorer/graphiql.js',
      '/explorer/explorer.ts',
      '/explorer/graphiql.min.js/',
      '/node_modules/graphiql/graphiql.min.js',
      '/package.json',
      '/local/explorer/public/explorer.js',
      '//etc/passwd',
      '/index.html',
    ];
    for (const path of paths) {
      const res = await rawGet(server.url, path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString('utf8'), path).not.toContain('"dependencies"');
    }
  });

  it('the example operations are valid against the schema and run as they are shown', async () => {
    expect(validate(loadSchemas().declared, parse(EXAMPLE_QUERY))).toEqual([]);
    const variables = JSON.parse(EXAMPLE_VARIABLES) as Record<string, unknown>;
    const run = async (operationName: string) => {
      const res = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': server.apiKey },
        body: JSON.stringify({ query: EXAMPLE_QUERY, variables, operationName }),
      });
      return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
    };
    const created = await run('CreateOrder');
    expect(created.errors).toBeUndefined();
    expect(created.data?.createOrder).toMatchObject({ store_id: 'store1', order_id: 'order01', user_id: 'user1', grand_total: 110 });
    const listed = await run('UserOrders');
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.userOrders.items.map((o: { order_id: string }) => o.order_id)).toContain('order01');
  });
});

describe('who counts as loopback', () => {
  it('addresses: 127.0.0.0/8, ::1 and IPv4-mapped 127.x only', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.9']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fd00::2', '::', '0.0.0.0', '128.0.0.1', '', undefined])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
  });

  it('Host names: localhost and loopback literals, with or without a port', () => {
    for (const h of ['localhost', 'LOCALHOST:4000', '127.0.0.1:4000', '127.0.0.1', '[::1]:4000', '[::1]'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['localhost.attacker.example', 'attacker.example:4000', '127.0.0.1.nip.io', '[fd00::2]:4000', '::1', '', undefined])
      expect(isLoopbackHost(h), String(h)).toBe(false);
  });
});

describe('explorer in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads GraphiQL with the examples and key, runs createOrder then userOrders from the UI, and shows the new order', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems = collectPageProblems(page);
    const offOrigin: string[] = [];
    page.on('request', (r) => !r.url().startsWith(`${server.url}/`) && !r.url().startsWith('data:') && offOrigin.push(r.url()));

    await page.goto(`${server.url}/`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    expect(await editorValue(page, QUERY_EDITOR)).toBe(EXAMPLE_QUERY);
    expect(await editorValue(page, TOOL_EDITORS, 0)).toBe(EXAMPLE_VARIABLES);
    expect(JSON.parse(await editorValue(page, TOOL_EDITORS, 1))).toEqual({ 'x-api-key': server.apiKey });

    // The schema came from introspection (with the key): the docs explorer lists both root fields.
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page.locator('.graphiql-doc-explorer a', { hasText: 'Mutation' }).first().click();
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText(), { timeout: 10_000 }).toContain('createOrder');
    await page.click('[aria-label="Hide Documentation Explorer"]');

    // Readable ids for the screenshot; the server's store is fresh, and user2 has no orders yet.
    const order = { store_id: 'store1', order_id: 'order02', user_id: 'user2', grand_total: 42.5 };
    await setEditorValue(
      page,
      TOOL_EDITORS,
      JSON.stringify({ input: order, store_id: order.store_id, user_id: order.user_id, limit: 5 }, null, 2),
    );

    // Several operations in the editor: the run button asks which one (not OnCreateOrder).
    await page.click('.graphiql-execute-button');
    await page.getByRole('menuitem', { name: 'CreateOrder', exact: true }).click();
    const created = await resultJson(page, '"createOrder"');
    expect(created.errors).toBeUndefined();
    expect(created.data?.createOrder).toMatchObject(order);
    expect(created.data?.createOrder.timestamp).toMatch(new RegExp(`^${order.user_id}#\\d+$`));

    // Ctrl-Enter runs the operation under the cursor, as the example's comment says.
    await putCursorOn(page, 'userOrders(');
    await page.keyboard.press('Control+Enter');
    const listed = await resultJson(page, '"userOrders"');
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.userOrders).toEqual({ items: [created.data?.createOrder], nextToken: null });

    // The page as it is after both runs, cursor out of the way: always in test-results/, and as the
    // README's docs/explorer.png with UPDATE_SCREENSHOTS=1 (so a plain test run leaves the tree clean).
    await page.mouse.move(0, 0);
    const shot = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/explorer.png' : 'test-results/explorer.png';
    mkdirSync(dirname(join(projectRoot, shot)), { recursive: true });
    await page.screenshot({ path: join(projectRoot, shot) });

    expect(problems).toEqual([]);
    expect(offOrigin).toEqual([]);
    await page.close();
  });
  it('opens the Explorer pane beside the editor, as the AppSync console does, and builds a query by clicking fields', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems = collectPageProblems(page);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // Open from the start, with the schema's root fields (from introspection).
    const pane = page.locator('.graphiql-explorer-root');
    await pane.waitFor({ timeout: 15_000 });
    expect(await page.locator('[aria-label="Hide GraphiQL Explorer"]').count()).toBe(1);

    // An empty editor: the pane offers a fresh query; clicking fields writes it.
    // The pane reads the editor's document after a debounce: on a loaded machine a click can land
    // before it has seen the cleared editor (and edits the old examples), so clear and click again
    // until the click builds a fresh query from the empty document.
    await expect
      .poll(
        async () => {
          await setEditorValue(page, QUERY_EDITOR, '');
          await expect.poll(() => editorValue(page, QUERY_EDITOR)).toBe('');
          await page.waitForTimeout(500);
          await pane
            .locator('.graphiql-explorer-field-view', { hasText: /^userOrders$/ })
            .first()
            .click();
          await page.waitForTimeout(500);
          return editorValue(page, QUERY_EDITOR);
        },
        { timeout: 30_000, interval: 0 },
      )
      .toMatch(/^(?![\s\S]*CreateOrder)[\s\S]*userOrders\(/);
    await pane
      .locator('.graphiql-explorer-field-view', { hasText: /^nextToken$/ })
      .first()
      .click();
    await expect.poll(() => editorValue(page, QUERY_EDITOR), { timeout: 10_000 }).toMatch(/userOrders\([^)]*\)\s*\{[^}]*nextToken/);
    const built = await editorValue(page, QUERY_EDITOR);
    expect(() => parse(built)).not.toThrow();

    await page.mouse.move(0, 0);
    mkdirSync(join(projectRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'test-results/explorer-pane.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('signs in to the local user pool from the page, then runs operations with the ID token instead of the key', async () => {
    const pool = poolOf(server);
    const client = cognitoClient(pool);
    await client.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'alice' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: 'alice', Password: PASSWORD, Permanent: true }));

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems = collectPageProblems(page);
    const sent: Array<Record<string, string>> = [];
    page.on('request', (r) => r.url() === server.graphqlUrl && r.method() === 'POST' && sent.push(r.headers()));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    const status = page.locator('#explorer-signin-status');

    // A wrong password: Cognito's message, shown in the box; still signed out.
    await page.fill('#explorer-signin input[name=username]', 'alice');
    await page.fill('#explorer-signin input[name=password]', 'wrong-Passw0rd');
    await page.click('#explorer-signin button[type=submit]');
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toMatch(/^Sign-in failed: Incorrect username or password/);

    await page.fill('#explorer-signin input[name=password]', PASSWORD);
    await page.click('#explorer-signin button[type=submit]');
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('Signed in as alice');

    // As the README walks through it: no user_id anywhere; the token's user is taken.
    const order = { store_id: 'store1', order_id: 'alice01', grand_total: 7 };
    await setEditorValue(page, TOOL_EDITORS, JSON.stringify({ input: order, store_id: 'store1', limit: 5 }, null, 2));
    sent.length = 0;
    await page.click('.graphiql-execute-button');
    await page.getByRole('menuitem', { name: 'CreateOrder', exact: true }).click();
    expect((await resultJson(page, '"createOrder"')).errors).toBeUndefined();
    await page.click('.graphiql-execute-button');
    await page.getByRole('menuitem', { name: 'UserOrders', exact: true }).click();
    const listed = await resultJson(page, '"userOrders"');
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.userOrders.items).toEqual([expect.objectContaining({ ...order, user_id: 'alice' })]);
    // Both went with the token alone (the Headers editor still holds the key).
    expect(sent.length).toBe(2);
    for (const headers of sent) {
      expect(headers['x-api-key']).toBeUndefined();
      expect(headers.authorization).toMatch(/^eyJ/);
    }

    // Signing out restores the key.
    await page.click('#explorer-signout');
    await expect.poll(() => status.innerText()).toContain('Signed out');
    sent.length = 0;
    await page.click('.graphiql-execute-button');
    await page.getByRole('menuitem', { name: 'UserOrders', exact: true }).click();
    await expect.poll(() => sent.length, { timeout: 10_000 }).toBe(1);
    expect(sent[0]!['x-api-key']).toBe(server.apiKey);
    expect(sent[0]!.authorization).toBeUndefined();

    expect(problems.filter((p) => !p.includes('400 (Bad Request)'))).toEqual([]);
    await page.close();
  }, 90_000);
});

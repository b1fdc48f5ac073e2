/**
 * The explorer runs onCreateOrder: in Debian's Chromium, GraphiQL's run button starts the example
 * subscription over AppSync's real-time protocol on the page's own origin (under the page's CSP),
 * the result pane shows each order created over HTTP for that store, and the stop button ends it
 * with a `stop` and a close. The key is the Headers editor's, as for HTTP requests.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page, WebSocket as PageWebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import {
  QUERY_EDITOR,
  RESULT,
  RUN_BUTTON,
  TOOL_EDITORS,
  editorValue,
  putCursorOn,
  resultJson,
  setEditorValue,
  collectPageProblems,
} from '../support/graphiqlPage.js';
import { createOrder, startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { sleep } from '../../harness/realtimeClients.js';

/** Every frame of every WebSocket the page opens, parsed, in order. */
interface Frames {
  sockets: PageWebSocket[];
  sent: Array<Record<string, any>>;
  received: Array<Record<string, any>>;
}

function recordWebSockets(page: Page): Frames {
  const frames: Frames = { sockets: [], sent: [], received: [] };
  page.on('websocket', (ws) => {
    frames.sockets.push(ws);
    ws.on('framesent', (f) => frames.sent.push(JSON.parse(String(f.payload)) as Record<string, any>));
    ws.on('framereceived', (f) => frames.received.push(JSON.parse(String(f.payload)) as Record<string, any>));
  });
  return frames;
}

const order = (store_id: string, order_id: string, user_id = 'user1') => ({ store_id, order_id, user_id, grand_total: 12.5 });

let server: LocalServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startLocalServer(), launchChromium()]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

describe('explorer subscriptions in Chromium', () => {
  it('runs OnCreateOrder from the UI, shows each order created over HTTP for that store, and stops', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const problems = collectPageProblems(page);
    const frames = recordWebSockets(page);

    await page.goto(`${server.url}/`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    expect(await editorValue(page, QUERY_EDITOR)).toContain('subscription OnCreateOrder(');
    const store = `store-${randomUUID().slice(0, 8)}`;
    await setEditorValue(page, TOOL_EDITORS, JSON.stringify({ store_id: store }, null, 2));

    // Three operations in the editor: the run button asks which one; the subscription is the last.
    await page.click(RUN_BUTTON);
    await page.getByRole('menuitem', { name: 'OnCreateOrder' }).click();
    await expect.poll(() => frames.received.some((m) => m.type === 'start_ack'), { timeout: 10_000 }).toBe(true);
    expect(frames.sockets.map((ws) => ws.url())).toEqual([`${server.url.replace(/^http/, 'ws')}/graphql/realtime`]);
    expect(frames.sent.map((m) => m.type)).toEqual(['connection_init', 'start']);
    const start = frames.sent[1] as { id: string; payload: { data: string; extensions: { authorization: Record<string, string> } } };
    expect(JSON.parse(start.payload.data)).toMatchObject({ operationName: 'OnCreateOrder', variables: { store_id: store } });
    expect(start.payload.extensions.authorization).toMatchObject({ host: new URL(server.url).host, 'x-api-key': server.apiKey });
    expect(start.payload.extensions.authorization['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(await page.getAttribute(RUN_BUTTON, 'aria-label')).toBe('Stop query (Ctrl-Enter)');

    // An order at another store is not this subscription's; the next one at its store is shown.
    expect((await createOrder(server, order(`${store}-other`, 'elsewhere'))).body.errors).toBeUndefined();
    const first = order(store, 'sub-order-1');
    const created = await createOrder(server, first);
    expect(created.body.errors).toBeUndefined();
    expect((await resultJson(page, '"sub-order-1"')).data).toEqual({ onCreateOrder: created.body.data?.createOrder });
    // The pane follows the stream: the next order replaces it.
    expect((await createOrder(server, order(store, 'sub-order-2', 'user2'))).body.errors).toBeUndefined();
    expect((await resultJson(page, '"sub-order-2"')).data?.onCreateOrder).toMatchObject(order(store, 'sub-order-2', 'user2'));
    expect(frames.received.filter((m) => m.type === 'data')).toHaveLength(2);

    // Stop: the button sends `stop` and closes the connection; later orders reach no one.
    await page.click(RUN_BUTTON);
    await expect.poll(() => frames.sockets[0]?.isClosed(), { timeout: 5_000 }).toBe(true);
    expect(frames.sent.at(-1)).toEqual({ type: 'stop', id: start.id });
    expect(await page.getAttribute(RUN_BUTTON, 'aria-label')).toBe('Execute query (Ctrl-Enter)');
    await createOrder(server, order(store, 'sub-order-3'));
    await sleep(300);
    expect(await editorValue(page, RESULT)).toContain('"sub-order-2"');

    // Queries still go over HTTP, with the subscription's variables in place (Ctrl-Enter on a query).
    await setEditorValue(page, TOOL_EDITORS, JSON.stringify({ store_id: store, user_id: 'user1' }, null, 2));
    await putCursorOn(page, 'userOrders(');
    await page.keyboard.press('Control+Enter');
    const listed = await resultJson(page, '"userOrders"');
    expect(listed.data?.userOrders.items.map((o: { order_id: string }) => o.order_id).sort()).toEqual(['sub-order-1', 'sub-order-3']);
    expect(frames.sockets).toHaveLength(1);

    expect(problems).toEqual([]);
    await page.close();
  });

  it('uses the Headers editor key: a wrong one is reported in the result pane; Ctrl-Enter runs the subscription under the cursor', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const frames = recordWebSockets(page);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await setEditorValue(page, TOOL_EDITORS, JSON.stringify({ store_id: 'store1' }));
    await setEditorValue(page, TOOL_EDITORS, JSON.stringify({ 'X-Api-Key': 'not-the-key' }), 1);

    await putCursorOn(page, 'onCreateOrder(');
    await page.keyboard.press('Control+Enter');
    const refused = await resultJson(page, 'UnauthorizedException');
    expect(refused.errors).toEqual([
      { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 },
    ]);
    expect(frames.received.map((m) => m.type)).toEqual(['connection_error']);
    // The run is over by itself: the button is a run button again.
    await expect.poll(() => page.getAttribute(RUN_BUTTON, 'aria-label')).toBe('Execute query (Ctrl-Enter)');

    expect(problems).toEqual([]);
    await page.close();
  });
});

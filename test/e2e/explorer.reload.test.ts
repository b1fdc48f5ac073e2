/**
 * The explorer on a second visit, in Chromium: after a reload, and in a second tab, the editor still
 * holds the example operations with their variables, so ▶ CreateOrder runs as shown; variables the
 * user typed are kept across a reload (GraphiQL's own storage), and no tab is added per visit.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY, EXAMPLE_VARIABLES } from '../../local/explorer/examples.js';
import { startLocalServer, type LocalServer } from '../../harness/localServer.js';
import { launchChromium } from '../support/chromium.js';
import { collectPageProblems, editorValue, QUERY_EDITOR, resultJson, setEditorValue, TOOL_EDITORS } from '../support/graphiqlPage.js';

let server: LocalServer;
let browser: Browser;

beforeAll(async () => {
  server = await startLocalServer();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
  await expect.poll(() => editorValue(page, QUERY_EDITOR), { timeout: 10_000 }).not.toBe('');
}

async function runCreateOrder(page: Page): Promise<{ data?: Record<string, any>; errors?: Array<Record<string, unknown>> }> {
  await page.click('.graphiql-execute-button');
  await page.getByRole('menuitem', { name: 'CreateOrder', exact: true }).click();
  return resultJson(page, '"createOrder"');
}

const tabCount = (page: Page): Promise<number> => page.locator('.graphiql-tab').count();

describe('explorer, second visit', () => {
  it('after a reload and in a second tab the examples keep their variables, and CreateOrder runs', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(`${server.url}/`);
    await ready(page);
    expect(await editorValue(page, TOOL_EDITORS, 0)).toBe(EXAMPLE_VARIABLES);
    const tabsBefore = await tabCount(page);

    await page.reload();
    await ready(page);
    expect(await editorValue(page, QUERY_EDITOR)).toBe(EXAMPLE_QUERY);
    expect(await editorValue(page, TOOL_EDITORS, 0)).toBe(EXAMPLE_VARIABLES);
    expect(await tabCount(page)).toBe(tabsBefore);
    const created = await runCreateOrder(page);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createOrder).toMatchObject({ store_id: 'store1', order_id: 'order01', user_id: 'user1' });

    // A second tab of the same browser profile: the same storage, the same examples.
    const second = await context.newPage();
    await second.goto(`${server.url}/`);
    await ready(second);
    expect(await editorValue(second, TOOL_EDITORS, 0)).toBe(EXAMPLE_VARIABLES);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('keeps variables the user typed across a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await ready(page);
    const mine = JSON.stringify({ input: { store_id: 'store9', order_id: 'mine01', user_id: 'user9', grand_total: 3 } }, null, 2);
    await setEditorValue(page, TOOL_EDITORS, mine);
    // GraphiQL stores the editors' content after a short debounce.
    // Runs in the page: its localStorage (the project's types have no DOM lib).
    const storedVariables = (): string | null =>
      (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('graphiql:variables');
    await expect.poll(() => page.evaluate(storedVariables), { timeout: 5_000 }).toBe(mine);
    await page.reload();
    await ready(page);
    expect(await editorValue(page, TOOL_EDITORS, 0)).toBe(mine);
    const created = await runCreateOrder(page);
    expect(created.data?.createOrder).toMatchObject({ store_id: 'store9', order_id: 'mine01' });
    await context.close();
  }, 90_000);
});

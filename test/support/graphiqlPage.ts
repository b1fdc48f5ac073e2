/** Driving GraphiQL 3 in a real browser page: its editors are CodeMirror 5 instances on the DOM. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What a page's CodeMirror 5 element carries. */
interface CodeMirrorElement {
  CodeMirror: {
    getValue(): string;
    setValue(value: string): void;
    focus(): void;
    setCursor(position: { line: number; ch: number }): void;
  };
}

export const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
/** Variables first, then headers (hidden until its tab is chosen). */
export const TOOL_EDITORS = '.graphiql-editor-tool .graphiql-editor .CodeMirror';
export const RESULT = '.result-window .CodeMirror';
export const RUN_BUTTON = '.graphiql-execute-button';

export function editorValue(page: Page, selector: string, index = 0): Promise<string> {
  return page.$$eval(selector, (els, i) => (els[i] as unknown as CodeMirrorElement).CodeMirror.getValue(), index);
}

export function setEditorValue(page: Page, selector: string, value: string, index = 0): Promise<void> {
  return page.$$eval(selector, (els, [i, v]) => (els[i as number] as unknown as CodeMirrorElement).CodeMirror.setValue(v as string), [
    index,
    value,
  ] as const);
}

/** Puts the query editor's cursor on the first line containing `text`. */
export function putCursorOn(page: Page, text: string): Promise<void> {
  return page.$eval(
    QUERY_EDITOR,
    (el, t) => {
      const cm = (el as unknown as CodeMirrorElement).CodeMirror;
      const line = cm
        .getValue()
        .split('\n')
        .findIndex((l) => l.includes(t));
      cm.focus();
      cm.setCursor({ line, ch: 4 });
    },
    text,
  );
}

/** Waits until the result pane contains `mustContain`, then parses it. */
export async function resultJson(
  page: Page,
  mustContain: string,
): Promise<{ data?: Record<string, any>; errors?: Array<Record<string, unknown>> }> {
  await expect.poll(() => editorValue(page, RESULT), { timeout: 20_000, interval: 100 }).toContain(mustContain);
  return JSON.parse(await editorValue(page, RESULT)) as { data?: Record<string, any>; errors?: Array<Record<string, unknown>> };
}

/** CSP violations, script errors and failed loads all surface here: a healthy page collects none. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return problems;
}

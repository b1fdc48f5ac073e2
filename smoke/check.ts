/** One smoke check, the context every check gets, and the runner that prints each result. */
import { randomBytes } from 'node:crypto';
import { SmokeFailure } from './expect.js';
import type { SmokeTarget } from './target.js';

export interface SmokeContext {
  readonly target: SmokeTarget;
  /** This run's own store (`smoke-<timestamp>-<random>`): no real store's data is read or written. */
  readonly storeId: string;
  /** A fresh order id for this run: `<prefix>-<n>`. */
  orderId(prefix: string): string;
}

export interface Check {
  readonly name: string;
  run(context: SmokeContext): Promise<void>;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly detail?: string;
}

/** `smoke-20261202T180455Z-9f3a1c`: sorts by time, never an id a real client uses. */
export function newStoreId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `smoke-${stamp}-${randomBytes(3).toString('hex')}`;
}

export function createContext(target: SmokeTarget, storeId = newStoreId()): SmokeContext {
  let n = 0;
  return { target, storeId, orderId: (prefix) => `${prefix}-${(n += 1)}` };
}

/** Runs the checks one after another (their orders must not interleave), printing a line each. */
export async function runChecks(checks: readonly Check[], context: SmokeContext, print: (line: string) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const started = Date.now();
    let result: CheckResult;
    try {
      await check.run(context);
      result = { name: check.name, ok: true, ms: Date.now() - started };
    } catch (error) {
      const detail = error instanceof SmokeFailure ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
      result = { name: check.name, ok: false, ms: Date.now() - started, detail };
    }
    results.push(result);
    print(`${result.ok ? 'pass' : 'FAIL'}  ${result.name} (${result.ms} ms)${result.detail ? `\n      ${result.detail}` : ''}`);
  }
  return results;
}

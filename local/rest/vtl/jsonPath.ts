/**
 * The JSONPath subset mapping templates use with `$input.path/json`: `$`, `.name`, `['name']`,
 * `["name"]` and `[index]`. A path that does not resolve gives undefined (VTL's null).
 */
import { boundedMemo } from '../../boundedMemo.js';

type Step = string | number;

const STEP = /^(?:\.([A-Za-z_$][\w$-]*)|\[\s*(\d+)\s*\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\])/;

export function parseJsonPath(path: string): Step[] {
  const text = path.trim();
  if (!text.startsWith('$')) throw new Error(`JSONPath must start with '$': ${path}`);
  const steps: Step[] = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) throw new Error(`unsupported JSONPath ${path} at '${rest}'`);
    steps.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4] ?? ''));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** Parsed paths by their text: templates use a handful, each on every request. */
const stepsOf = boundedMemo(parseJsonPath, 1000);

export function selectJsonPath(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const step of stepsOf(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    if (typeof step === 'number' ? !Array.isArray(value) : !Object.prototype.hasOwnProperty.call(value, step)) return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

/**
 * Renders an API Gateway mapping template with velocityjs: `$input`, `$util` and `$context` as
 * API Gateway provides them, Java string methods, and the overrides the template set. Each
 * template text is parsed once.
 */
import velocity from 'velocityjs';
import type { TemplateContext } from './context.js';
import { createInput, type RequestParams } from './input.js';
import { javaStringMethods } from './javaStrings.js';
import { createUtil } from './util.js';

export interface Rendered {
  body: string;
  /** `$context.responseOverride.status`, when the template set it. */
  status: number | undefined;
  /** `$context.responseOverride.header.*` */
  headers: Record<string, string>;
  /** `$context.requestOverride.header.*` (request templates). */
  requestHeaders: Record<string, string>;
}

const parsed = new Map<string, ReturnType<typeof velocity.parse>>();

export function renderMappingTemplate(template: string, payload: string, params: RequestParams, context: TemplateContext): Rendered {
  let ast = parsed.get(template);
  if (!ast) parsed.set(template, (ast = velocity.parse(template)));
  const compiled = new velocity.Compile(ast, { escape: false, customMethodHandlers: javaStringMethods });
  const body = compiled.render({ input: createInput(payload, params), util: createUtil(), context });
  const status = context.responseOverride.status;
  return {
    body,
    status: status === undefined || status === '' ? undefined : Number(status),
    headers: { ...context.responseOverride.header },
    requestHeaders: { ...context.requestOverride.header },
  };
}

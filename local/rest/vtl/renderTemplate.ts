/**
 * Renders an API Gateway mapping template with velocityjs: `$input`, `$util` and `$context` as
 * API Gateway provides them, Java string methods, and the overrides the template set. Each
 * template text is parsed once, and so is each double-quoted string literal in it.
 */
import velocity from 'velocityjs';
import { boundedMemo } from '../../boundedMemo.js';
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

type Asts = ReturnType<typeof velocity.parse>;

const parsed = new Map<string, Asts>();

/** Interpolated string literals ("$!error.errorType") parsed, by their text; bounded, though templates hold few. */
const parseLiteral = boundedMemo((text: string): Asts => velocity.parse(text), 1000);

/**
 * velocityjs parses a double-quoted literal that holds `$` or `#` again each time it is evaluated
 * (its `evalStr`); its text is fixed by the template, so its parse is kept. Rendering reads the
 * ASTs without changing them (the template's own AST is shared the same way).
 */
class Compile extends velocity.Compile {
  override evalStr(str: string): string {
    return this.renderAstList(parseLiteral(str), this.contextId);
  }
}

export function renderMappingTemplate(template: string, payload: string, params: RequestParams, context: TemplateContext): Rendered {
  let ast = parsed.get(template);
  if (!ast) parsed.set(template, (ast = velocity.parse(template)));
  const compiled = new Compile(ast, { escape: false, customMethodHandlers: javaStringMethods });
  const body = compiled.render({ input: createInput(payload, params), util: createUtil(), context });
  const status = context.responseOverride.status;
  return {
    body,
    status: status === undefined || status === '' ? undefined : Number(status),
    headers: { ...context.responseOverride.header },
    requestHeaders: { ...context.requestOverride.header },
  };
}

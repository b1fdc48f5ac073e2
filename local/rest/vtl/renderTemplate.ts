/**
 * Renders an API Gateway mapping template: `$input`, `$util` and `$context` as API Gateway provides
 * them, Java string methods, and the overrides the template set. Each template text is parsed once
 * (velocityjs's `parse`) and compiled into JavaScript (compiledTemplate.ts); a template the
 * compiler leaves alone is rendered by velocityjs's own `Compile`, as its README shows.
 */
import velocity from 'velocityjs';
import { compileTemplate } from './compiledTemplate.js';
import type { TemplateContext } from './context.js';
import { createInput, type RequestParams } from './input.js';
import { readsInputOnlyThroughCalls } from './inputUse.js';
import { textPayload, viewPayload, type Payload } from './payload.js';
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

type Render = (variables: Record<string, unknown>) => string;

/** velocityjs's settings for the shims: no HTML escaping (API Gateway escapes nothing), and Java's String methods. */
export const VELOCITY_CONFIG = { escape: false as const, customMethodHandlers: javaStringMethods };

/** Each template's renderer, and whether it can read `$input.body` (inputUse.ts). */
const parsed = new Map<string, { render: Render; readsBody: boolean }>();

function parseTemplate(template: string): { render: Render; readsBody: boolean } {
  const asts = velocity.parse(template);
  const render = compileTemplate(asts) ?? ((variables) => new velocity.Compile(asts, VELOCITY_CONFIG).render(variables));
  return { render, readsBody: !readsInputOnlyThroughCalls(asts, velocity.parse) };
}

/**
 * `payload`: the body's text, a body already parsed (`parsedPayload`), or `{ json }`, a value whose
 * body is `JSON.stringify(json)` (the in-process integration's answer), handed to a template that
 * cannot read the text as the value JSON.parse would read from it, without writing the text (payload.ts).
 */
export function renderMappingTemplate(
  template: string,
  payload: string | Payload | { json: unknown },
  params: RequestParams,
  context: TemplateContext,
): Rendered {
  let entry = parsed.get(template);
  if (!entry) parsed.set(template, (entry = parseTemplate(template)));
  const { render, readsBody } = entry;
  const input =
    typeof payload === 'string' || !('json' in payload)
      ? payload
      : readsBody
        ? textPayload(String(JSON.stringify(payload.json)))
        : viewPayload(payload.json);
  return renderWith(render, input, params, context);
}

/** `render` given API Gateway's variables (`$input`, `$util`, `$context`), and the overrides the template set. */
export function renderWith(
  render: (variables: Record<string, unknown>) => string,
  payload: string | Payload,
  params: RequestParams,
  context: TemplateContext,
): Rendered {
  const input = createInput(typeof payload === 'string' ? textPayload(payload) : payload, params);
  const body = render({ input, util: createUtil(), context });
  const status = context.responseOverride.status;
  return {
    body,
    status: status === undefined || status === '' ? undefined : Number(status),
    headers: copyOf(context.responseOverride.header),
    requestHeaders: copyOf(context.requestOverride.header),
  };
}

const NO_HEADERS: Record<string, string> = Object.freeze({});
/** The headers a template set, as a copy; none (the usual case) is one shared empty object. */
function copyOf(headers: Record<string, string>): Record<string, string> {
  for (const _ in headers) return { ...headers };
  return NO_HEADERS;
}

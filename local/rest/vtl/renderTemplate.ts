/**
 * Renders an API Gateway mapping template with velocityjs: `$input`, `$util` and `$context` as
 * API Gateway provides them, Java string methods, and the overrides the template set. Each
 * template text is parsed once, and so is each double-quoted string literal in it; each parsed
 * template is specialised into closures that do what velocityjs's interpreter does
 * (compiledTemplate.ts), on an interpreter instance that runs whatever is not specialised.
 */
import velocity from 'velocityjs';
import { boundedMemo } from '../../boundedMemo.js';
import { compiledLists, compiledReferences, compileTemplate, type Runtime } from './compiledTemplate.js';
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

type Asts = ReturnType<typeof velocity.parse>;
type Node = Parameters<InstanceType<typeof velocity.Compile>['getReferences']>[0];

/** Each template's AST, and whether it can read `$input.body` (inputUse.ts). */
const parsed = new Map<string, { asts: Asts; readsBody: boolean }>();

/** Interpolated string literals ("$!error.errorType") parsed, by their text; bounded, though templates hold few. */
const parseLiteral = boundedMemo((text: string): Asts => velocity.parse(text), 1000);

/**
 * The interpreter, entered through the specialised closures where there are some: a list or a
 * reference compiled from this template runs as its closure; anything else (a #macro's body, a
 * #foreach's source, which velocityjs evaluates as a copy of its node) as velocityjs runs it.
 * velocityjs parses a double-quoted literal that holds `$` or `#` again each time it is evaluated
 * (its `evalStr`); its text is fixed by the template, so its parse is kept. Rendering reads the
 * ASTs without changing them (the template's own AST is shared the same way).
 */
class Compile extends velocity.Compile {
  constructor(asts: Asts) {
    super(asts, CONFIG);
    // The same handlers in the same order as velocityjs lists them for this config, as one shared
    // list (velocityjs builds a new one per instance): the compiled code works out per method name once which to ask.
    this.config.customMethodHandlers = HANDLERS;
  }

  private scopes = 0;
  private busy = false;
  /** `#stop` and `#eval`, as velocityjs's `render` sets them (a new object, closure and bound copy per render there). */
  private readonly ownMacros = Object.defineProperty(
    {
      stop: (): string => {
        this.runState.stop = true;
        return '';
      },
    },
    'eval',
    { value: this.eval.bind(this) },
  );
  private evalHelper: ((...args: unknown[]) => string) | undefined;

  /**
   * One instance per template, rendering once at a time: each render starts from the state a new
   * instance has (what velocityjs's constructor and `render` set), without allocating the
   * instance, its config and handler list again. A render that starts while this instance is
   * rendering (none does today) gets a new instance.
   */
  static renderer(asts: Asts): Compile {
    let instance = instances.get(asts);
    if (!instance) instances.set(asts, (instance = new Compile(asts)));
    return instance.busy ? new Compile(asts) : instance;
  }

  renderOnce(variables: Record<string, unknown>): string {
    this.busy = true;
    try {
      this.defines = {};
      this.conditions = [];
      this.local = {};
      this.contextId = '';
      this.macrosStore = {};
      this.runState = { stop: false, break: false };
      this.scopes = 0;
      this.evalHelper = undefined;
      // velocityjs's `render(variables)`, with this instance's `#stop` and `#eval` (templates cannot
      // reach the macros object, so the same one serves every render).
      this.silence = false;
      this.context = variables;
      this.macros = this.ownMacros;
      return this.renderAstList();
    } finally {
      // Nothing of this request stays reachable from the template's instance.
      this.context = IDLE;
      this.local = IDLE;
      this.busy = false;
    }
  }

  /**
   * The helper velocityjs writes onto every object whose method a template calls (`$x.eval(...)`
   * renders text in this render): the same function for the whole render, not a new one per call.
   */
  evalFor(): (...args: unknown[]) => string {
    return (this.evalHelper ??= (...args: unknown[]) =>
      args.length > 0 && typeof args[0] === 'string' ? (this.eval as (...a: unknown[]) => string).apply(this, args) : '');
  }

  nextScopeId(kind: string): string {
    return `${kind}:c${this.scopes++}`;
  }

  override evalStr(str: string): string {
    return this.renderAstList(parseLiteral(str), this.contextId);
  }

  override renderAstList(asts?: Asts, contextId?: string): string {
    const list = compiledLists.get(asts ?? this.asts);
    return list ? list(this as unknown as Runtime, contextId) : super.renderAstList(asts, contextId);
  }

  override getReferences(ast: Node, isVal?: boolean): string {
    const reference = compiledReferences.get(ast as object);
    return (reference ? reference(this as unknown as Runtime, isVal) : super.getReferences(ast, isVal)) as string;
  }
}

const instances = new WeakMap<Asts, Compile>();
const IDLE = Object.freeze({}) as Record<string, never>;

const CONFIG = { escape: false as const, customMethodHandlers: javaStringMethods };
const HANDLERS = new (class extends velocity.Compile {
  handlers = this.config.customMethodHandlers;
})([], CONFIG).handlers;

function parseTemplate(template: string): { asts: Asts; readsBody: boolean } {
  const asts = velocity.parse(template);
  try {
    compileTemplate(asts, parseLiteral);
  } catch {
    // A node the specialiser cannot read (velocityjs would fail on it while rendering): left to the interpreter, which fails as it does.
  }
  return { asts, readsBody: !readsInputOnlyThroughCalls(asts, parseLiteral) };
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
  const { asts, readsBody } = entry;
  const input =
    typeof payload === 'string' || !('json' in payload)
      ? payload
      : readsBody
        ? textPayload(String(JSON.stringify(payload.json)))
        : viewPayload(payload.json);
  return renderWith((variables) => Compile.renderer(asts).renderOnce(variables), input, params, context);
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

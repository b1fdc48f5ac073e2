/**
 * The integration's answer handed to a response template without its text (local/rest/vtl/payload.ts,
 * inputUse.ts): `jsonView(value)` must be exactly what `JSON.parse(JSON.stringify(value))` gives, or
 * fail where it fails; only templates that cannot read `$input.body` get it; and every template,
 * the shipped ones over generated AppSync answers, renders the same from the value as from the text.
 */
import fc from 'fast-check';
import velocity from 'velocityjs';
import { describe, expect, it } from 'vitest';
import { readTemplate, restRoutes } from '../../definitions/rest/routes.js';
import { createContext } from '../../local/rest/vtl/context.js';
import { readsInputOnlyThroughCalls } from '../../local/rest/vtl/inputUse.js';
import { jsonView, parsedPayload } from '../../local/rest/vtl/payload.js';
import { renderMappingTemplate } from '../../local/rest/vtl/renderTemplate.js';
import { appsyncAnswer } from '../support/appsyncAnswers.js';

type Read = { value: string } | { error: string };

/**
 * A value written out exactly: -0 apart from 0, holes, each object's prototype and own keys in
 * order (toStrictEqual would compare an own `constructor` key as the object's type).
 */
function exact(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? 'n:-0' : `n:${v}`;
  if (typeof v !== 'object' || v === null) return `${typeof v}:${JSON.stringify(v)}`;
  if (Array.isArray(v)) return `[${Array.from({ length: v.length }, (_, i) => (i in v ? exact(v[i]) : 'hole')).join(',')}]`;
  const proto = Object.getPrototypeOf(v) === Object.prototype ? 'plain' : 'other';
  const keys = Reflect.ownKeys(v).map((k) => {
    const d = Object.getOwnPropertyDescriptor(v, k)!;
    return `${String(k)}${d.enumerable ? '' : '(hidden)'}=${exact(d.value)}`;
  });
  return `${proto}{${keys.join(',')}}`;
}

function read(get: () => unknown): Read {
  try {
    return { value: exact(get()) };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

const throughText = (value: unknown): Read => read(() => JSON.parse(String(JSON.stringify(value))));
const viewed = (value: unknown): Read => read(() => jsonView(value));

const odd = fc.constantFrom<unknown>(
  -0,
  NaN,
  Infinity,
  -Infinity,
  undefined,
  () => 1,
  Symbol('s'),
  new Date(0),
  new Date(NaN),
  Object(5),
  Object('boxed'),
  Object(false),
  { toJSON: (key: string) => `key ${key}` },
  { toJSON: 'not a function' },
  Object.assign(Object.create(null) as object, { a: 1 }),
  JSON.parse('{"__proto__": {"x": 1}, "y": 2}'),
  [1, , 3], // eslint-disable-line no-sparse-arrays
  new (class Thing {
    field = 1;
  })(),
  new Map([[1, 2]]),
  10n,
);

const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), odd, tie('array'), tie('object')),
  array: fc.array(tie('any'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'toJSON', 'constructor', '0', '1')), tie('any'), { maxKeys: 4 }),
})).any;

describe('jsonView is JSON.parse(JSON.stringify(value))', () => {
  it('generated values: the same value, or the same refusal', () => {
    fc.assert(
      fc.property(value, (v) => void expect(viewed(v)).toEqual(throughText(v))),
      { numRuns: 2000 },
    );
  });

  it('the cases JSON treats specially', () => {
    expect(viewed({ z: -0 })).toEqual({ value: 'plain{z=n:0}' });
    expect(viewed([undefined, () => 1, NaN])).toEqual({ value: '[object:null,object:null,object:null]' });
    expect(viewed({ a: undefined, d: new Date(0) })).toEqual({ value: 'plain{d=string:"1970-01-01T00:00:00.000Z"}' });
    expect(viewed({ k: { toJSON: (key: string) => key } })).toEqual({ value: 'plain{k=string:"k"}' });
    expect(viewed(JSON.parse('{"__proto__": 1}'))).toEqual({ value: 'plain{__proto__=n:1}' });
    // eslint-disable-next-line no-sparse-arrays
    expect(viewed(Object.assign(Object.create(null) as object, { a: [1, , 2] }))).toEqual({ value: 'plain{a=[n:1,object:null,n:2]}' });
    // Deeper than the copy goes by itself: JSON's own answer.
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i += 1) deep = { next: deep };
    expect(viewed(deep)).toEqual(throughText(deep));
  });

  it('what JSON refuses, it refuses: undefined, a BigInt, a cycle', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    for (const v of [undefined, 10n, { n: 1n }, cycle]) {
      expect(throughText(v)).toHaveProperty('error');
      expect(viewed(v)).toEqual(throughText(v));
    }
  });

  it('the view is a copy: changing it changes neither the answer nor another view', () => {
    const answer = { data: { list: [1, 2] } };
    (jsonView(answer) as { data: { list: number[] } }).data.list.push(3);
    expect(answer.data.list).toEqual([1, 2]);
  });
});

const params = { path: {}, querystring: { q: 'x' }, header: {} };
const facts = { httpMethod: 'POST', resourcePath: '/x', sourceIp: '127.0.0.1', userAgent: 't', apiKey: 'k', host: 'localhost' };
const fromText = (template: string, answer: unknown) =>
  renderMappingTemplate(template, String(JSON.stringify(answer)), params, createContext(facts));
const fromValue = (template: string, answer: unknown) => renderMappingTemplate(template, { json: answer }, params, createContext(facts));

/** Templates that can read `$input.body`, each a different way; velocityjs renders each of them. */
const READ_BODY: string[] = [
  '$input.body',
  '$!input.body',
  '$input["body"]',
  '$input',
  '#set($i = $input)$i.body',
  '#set($l = [$input])$l.get(0).body',
  '#set($m = {"i": $input})$m.i.body',
  '$input.keySet()',
  '$input.getBody()',
  '#foreach($v in $input)$v#end',
  '#set($t = "$input.body")$t',
  '#macro(show $x)$x.body#end#show($input)',
  '#define($d)$input.body#end$d',
  '#eval("$input.body")',
  '#set($d = "$")$input.path("$").eval("${d}input.body")',
  '$util.escapeJavaScript("x") $util.eval("$input.body")',
  '#set($input.x = 1)$input.x',
  '$input.path("$").size() #set($s = "$input")$s',
];
/** Templates that read it only through calls. */
const CALLS_ONLY: string[] = [
  "$input.path('$.a') $input.json('$') $input.params('q') $input.params()",
  "#if($input.path('$.a') == 1)one#else$input.json('$.b')#end",
  "#foreach($x in $input.path('$.list'))$x,#end #set($j = \"$input.json('$.a')\")$j",
];

describe('which templates get the answer without its text', () => {
  it('those that can read $input.body are found, however they read it', () => {
    for (const template of READ_BODY) expect(readsInputOnlyThroughCalls(velocity.parse(template), velocity.parse), template).toBe(false);
  });

  it('those that read it only through $input.path/json/params are recognised', () => {
    for (const template of CALLS_ONLY) expect(readsInputOnlyThroughCalls(velocity.parse(template), velocity.parse), template).toBe(true);
  });

  it('the shipped response templates are of those: they get the answer without its text', () => {
    for (const route of restRoutes) {
      const template = readTemplate(route.responseTemplatePath);
      expect(readsInputOnlyThroughCalls(velocity.parse(template), velocity.parse), route.path).toBe(true);
    }
  });

  it('every one of them renders the same from the answer as from its text', () => {
    const answer = { a: 1, b: [true, null], list: [1, 'two'], s: "it's" };
    for (const template of [...READ_BODY, ...CALLS_ONLY]) {
      const text = fromText(template, answer);
      expect(text.body, template).not.toBe('');
      expect(fromValue(template, answer), template).toEqual(text);
    }
  });
});

describe('the shipped response templates render the same from the answer as from its text', () => {
  // Fields an answer's text leaves out (undefined) must be missing from the view too.
  const answer = fc.oneof(
    appsyncAnswer,
    fc.record({ data: fc.constant(null), errors: fc.array(fc.record({ errorType: fc.string(), message: fc.constant(undefined) })) }),
  );

  for (const route of restRoutes) {
    it(route.path, () => {
      const template = readTemplate(route.responseTemplatePath);
      fc.assert(
        fc.property(answer, (a) => void expect(fromValue(template, a)).toEqual(fromText(template, a))),
        { numRuns: 300 },
      );
    });
  }
});

describe('the shipped request templates render the same from the body the route parsed as from its text', () => {
  // What the models accept and more: the template does not rely on the model for this.
  const body = fc.oneof(
    fc.record({ store_id: fc.string(), user_id: fc.string(), order_id: fc.string(), grand_total: fc.double() }),
    fc.jsonValue(),
  );
  for (const route of restRoutes) {
    it(route.path, () => {
      const template = readTemplate(route.requestTemplatePath);
      fc.assert(
        fc.property(body, (b) => {
          const text = JSON.stringify(b);
          const parsedOnce = JSON.parse(text) as unknown;
          const before = JSON.stringify(parsedOnce);
          const rendered = renderMappingTemplate(template, parsedPayload(text, parsedOnce), params, createContext(facts));
          expect(rendered).toEqual(renderMappingTemplate(template, text, params, createContext(facts)));
          // The parsed body is read, never changed: $input hands out copies.
          expect(JSON.stringify(parsedOnce)).toBe(before);
        }),
        { numRuns: 300 },
      );
    });
  }
});

/**
 * The compiled templates (local/rest/vtl/compiledTemplate.ts) against velocityjs's own interpreter:
 * every shipped mapping template, over generated request bodies and AppSync answers, and a corpus
 * of VTL that reaches each compiled step and its edge (scopes kept after a #foreach over a map,
 * #set into an enclosing scope, #break and #stop, method handlers, the `eval` helper, prototype
 * guards, ranges, maps, math, string literals that are templates themselves, errors thrown from a
 * method) must render the same text, the same overrides, or fail with the same error; templates
 * with macros or #define go to the interpreter whole. The interpreter is velocityjs's public
 * `Compile`, as its README shows.
 */
import fc from 'fast-check';
import velocity from 'velocityjs';
import { describe, expect, it } from 'vitest';
import { readTemplate, restRoutes } from '../../definitions/rest/routes.js';
import { collectionMethods } from '../../local/rest/vtl/collectionMethods.js';
import { compileTemplate } from '../../local/rest/vtl/compiledTemplate.js';
import { createContext } from '../../local/rest/vtl/context.js';
import { javaStringMethods } from '../../local/rest/vtl/javaStrings.js';
import { appsyncAnswer, awkwardText } from '../support/appsyncAnswers.js';
import { mayMatch } from '../../local/rest/vtl/methodHandler.js';
import { renderMappingTemplate, renderWith, VELOCITY_CONFIG } from '../../local/rest/vtl/renderTemplate.js';

const params = { path: { id: '7' }, querystring: { q: 'x y' }, header: { Host: 'localhost', 'X-Api-Key': 'k' } };
const facts = { httpMethod: 'POST', resourcePath: '/x', sourceIp: '127.0.0.1', userAgent: 'test', apiKey: 'k', host: 'localhost' };

type Outcome = { body: string; status: unknown; headers: unknown; requestHeaders: unknown } | { error: string };

function outcome(render: () => { body: string; status: unknown; headers: unknown; requestHeaders: unknown }): Outcome {
  try {
    return render();
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** velocityjs's interpreter through its public API, with the shims' config and variables. */
const interpreted = (template: string, payload: string): Outcome =>
  outcome(() =>
    renderWith(
      (variables) => new velocity.Compile(velocity.parse(template), VELOCITY_CONFIG).render(variables),
      payload,
      params,
      createContext(facts),
    ),
  );

const compiled = (template: string, payload: string): Outcome =>
  outcome(() => renderMappingTemplate(template, payload, params, createContext(facts)));

function expectSame(template: string, payload: string): Outcome {
  const expected = interpreted(template, payload);
  // Twice: the second render reuses the first's code and any state it keeps.
  expect(compiled(template, payload)).toEqual(expected);
  expect(compiled(template, payload)).toEqual(expected);
  return expected;
}

const requestBody = fc.oneof(
  fc.record(
    {
      store_id: awkwardText,
      user_id: awkwardText,
      order_id: awkwardText,
      grand_total: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);

describe('the shipped mapping templates render as velocityjs renders them', () => {
  for (const route of restRoutes) {
    const request = readTemplate(route.requestTemplatePath);
    const response = readTemplate(route.responseTemplatePath);

    it(`${route.path}: both templates are compiled, none left to the interpreter`, () => {
      expect(compileTemplate(velocity.parse(request))).toBeDefined();
      expect(compileTemplate(velocity.parse(response))).toBeDefined();
    });

    it(`${route.path}: request template, generated bodies`, () => {
      fc.assert(
        fc.property(requestBody, (body) => void expectSame(request, JSON.stringify(body))),
        { numRuns: 300 },
      );
      expectSame(request, 'not json');
      expectSame(request, '');
    });

    it(`${route.path}: response template, generated AppSync answers`, () => {
      fc.assert(
        fc.property(appsyncAnswer, (answer) => void expectSame(response, JSON.stringify(answer))),
        { numRuns: 400 },
      );
    });
  }

  it('a success answer renders the seed JSON (the comparison is not of two empty strings)', () => {
    const response = readTemplate(restRoutes.find((r) => r.path === '/user-orders')!.responseTemplatePath);
    const answer = { data: { userOrders: { items: [{ user_id: 'u', store_id: 's', order_id: 'o', timestamp: 't', grand_total: 2.5 }] } } };
    const rendered = expectSame(response, JSON.stringify(answer));
    expect(rendered).toMatchObject({ status: 200 });
    expect(JSON.parse((rendered as { body: string }).body)).toEqual({
      statusCode: 200,
      orders: [{ user_id: 'u', grand_total: 2.5, order_id: 'o', store_id: 's', timestamp: 't' }],
      body: { message: 'Orders retrieved successfully' },
    });
  });
});

/** Data every corpus template can reach with $input.path. */
const DATA = JSON.stringify({
  s: "it's a string",
  n: 7,
  f: 2.5,
  t: true,
  z: null,
  list: [3, 1, 2],
  empty: [],
  m: { k: 1, j: [1, 2], nested: { deep: 'x' } },
  orders: [
    { id: 'a', items: [1, 2] },
    { id: 'b', items: [] },
    { id: 'c', items: [3] },
  ],
  keys: { 'echo_eA==': 'x', other: 'y' },
  i: 1,
  key: 'k',
});

const CORPUS: Record<string, string> = {
  'undefined references render as written, silent ones as nothing': '$a|$!a|${a}|$!{a}|$a.b.c|$!a.b()|$a[0]',
  'set, interpolated and plain strings': `#set($a = 1)$a #set($b = "x$a")$b #set($c = 'x$a')$c #set($d = "#if($a == 1)one#end")$d`,
  'maps, lists, index access': `#set($m = {"k": 1, "j": [1, 2], "$a": 3})$m $m.k $m.j $m.j[1] $m["k"] $m.nope #set($l = [1, "two", $m.k])$l $l[1]`,
  ranges: '#set($n = 2)[1..3] #set($r = [1..3])$r #set($r2 = [3..1])$r2 #set($r3 = [$n..0])$r3 #set($r4 = [$nothing..2])$r4',
  arithmetic: `#set($x = 7)#set($y = $x / 2)$y #set($z = $x % 3)$z #set($w = -1 * $x)$w #set($e = !$x)$e #set($v = ($x + 1) * 2)$v #set($u = $x - 10)$u #set($s = "a" + $x)$s #set($q = 1.5)$q`,
  conditions: `#set($x = 7)#if($x > 3 && $x < 10)in#else out#end #if(!$x)no#elseif($x == 7)seven#end #if($x != 7)ne#elseif($x >= 7)ge#end #if($x <= 6)le#end #if($nothing || $x)or#end #if("")e#end #if($z)z#end`,
  'foreach over a list, its counters': `#set($l = $input.path('$.list'))#foreach($i in $l)$i:$foreach.count:$foreach.index:$foreach.hasNext:$velocityCount #end after:$i`,
  'foreach over a map keeps its scope (velocityjs)': `#set($m = $input.path('$.m'))#foreach($v in $m)[$v]#end after:$v $foreach.count`,
  'nested loops, same variable, set into the enclosing scope': `#set($total = 0)#foreach($o in $input.path('$.orders'))#foreach($o in $o.items)#set($total = $total + $o)$o#end|$o #end $total`,
  'set inside a loop on the loop variable and on a new one': `#foreach($i in [1, 2, 3])#set($i = $i * 10)#set($seen = $i)$i #end $seen $i`,
  'break and stop': `#foreach($i in [1..5])#if($i == 3)#break#end$i#end|#foreach($i in [1..2])$i#end #stop() never`,
  'foreach over what is not a list': `#foreach($i in $nothing)x#end#foreach($i in $input.path('$.s'))y#end#foreach($i in $input.path('$.n'))z#end#foreach($i in $input.path('$.z'))n#end#foreach($i in [])e#end.`,
  'macros and define run by the interpreter': `#macro(greet $name)Hi $name!#end#greet("x") #greet($input.path('$.s')) #define($blk)B$!a#end$blk #set($a = 2)$blk`,
  'method handlers on maps and lists': `#set($m = $input.path('$.m'))#set($l = $input.path('$.list'))$l.size() $l.get(0) $m.keySet() $m.entrySet() $m.put("z", 3)$m.z $l.add(4)$l $l.remove(0) $l $l.subList(0, 1) $m.getK() $m.isEmpty() $m.size() $m.get("k") $m.set("k", 5)$m.k`,
  'Java String methods and missing ones': `#set($s = $input.path('$.s'))$s.replaceAll("'", "\\\\'") $s.length() $s.isEmpty() $s.contains("str") $s.matches(".*str.*") $s.toUpperCase() $s.substring(3) $s.startsWith("it") $s.replaceFirst("s", "S") $s.equals("x") $s.nosuch()`,
  '$input, $util, $context': `$input.path('$') $input.json('$.m') $input.path('$.z') $input.params() $input.params('id') $input.params('q') $input.params('host') $input.body.length() $util.escapeJavaScript("it's") $util.base64Encode('x') $util.base64Decode('eA==') $util.urlEncode('a b') $util.urlDecode('a+b') $util.parseJson('{"a":1}').a $context.stage $context.httpMethod`,
  'overrides set through paths': `#set($context.responseOverride.status = 201)#set($context.responseOverride.header.X = "y")#set($context.requestOverride.header.R = 'r')#set($q.x = 1)$q.x #set($m = {})#set($m.a.b = 1)$m.a.b $m`,
  'prototype keys are guarded': `#set($m = $input.path('$.m'))$m.constructor|$m.__proto__|$m.prototype|#set($m.__proto__.x = 1)$m.x|#set($__proto__ = 1)$__proto__|$m.get("constructor")|$m["__proto__"]`,
  'set without a path on the names the prototype guard knows': `#set($constructor = 1)$constructor #set($prototype = 2)$prototype #set($__proto__ = 3)$__proto__ #foreach($i in [1])#set($constructor = 4)#end$constructor`,
  'echo key lookup from the shipped template': `#set($user = '')#foreach($key in $input.path('$.keys').keySet())#if($key.startsWith('echo_'))#set($user = $util.base64Decode($key.substring(5)))#end#end$user`,
  'index by reference, missing and nested': `#set($l = $input.path('$.list'))#set($m = $input.path('$.m'))$l[$input.path('$.i')] $m[$input.path('$.key')] $m.nested.deep $m.nested["deep"] $l[9] $m.j[0]`,
  'raw text, comments, escapes': '## a comment\n#* block *#A#[[ $raw #if ]]#B \\$a \\#if $100 #notadirective',
  // The literal's parse is kept by its text, so the one inside the macro runs the code compiled for the first.
  'a string literal rendered inside a macro sets into the global scope': `#set($r = "#if(true)#set($v = 5)#end#foreach($i in [1])#set($w = 6)#end")$v $w #set($v = 0)#set($w = 0)#macro(m $v $w)#set($r = "#if(true)#set($v = 5)#end#foreach($i in [1])#set($w = 6)#end")$v $w#end#m(1 2) $v $w $i`,
  'toString is a name velocityjs treats as unescaped': '#define($toString)D#end$toString $toString #set($valueOf = 3)$valueOf',
  'errors thrown by a method call': `$util.base64Decode('%%%') after`,
  'errors from an in check on a string': `#set($s = 'x')$s.isBlank()`,
  'a method the object has, and the helper velocityjs then writes onto it': `#set($l = $input.path('$.list'))#set($m = $input.path('$.m'))$l.join("-") $l.indexOf(1) $input.path('$.s').split(" ") $m.keySet() $m.hasOwnProperty("k") $m.keySet()`,
  'conditions after the branch taken are not evaluated': `#set($l = [])#if(true)a#elseif($l.add(9))b#end#if(false)c#elseif($l.add(8))d#else e#end$l`,
  'a string literal sets into the current scope': `#set($r = "#if(true)#set($v = 5)#end#foreach($i in [1])#set($w = 6)#end")$v $w [$r] $!i`,
  'names every object has': '$toString $valueOf #set($toString = "T")$toString #set($valueOf = 3)$valueOf $hasOwnProperty $!isPrototypeOf',
  'the eval helper velocityjs writes onto an object': `#set($m = $input.path('$.m'))$m.hasOwnProperty("k") $m.eval("#set($z = 1)z=$z k=$m.k") $m.eval('[$y]', {"y": 2}) $m.eval("[$y]", {"y": 3}, "own") $m.eval("") $m.eval(7) $z after:$!y`,
  'eval reached through a variable, inside a loop': `#set($m = $input.path('$.m'))#set($x = $m.hasOwnProperty("k"))#set($f = $m.get("eval"))#foreach($i in [1, 2])$f("<$i>", {"j": $i}) #end`,
  'stop evaluates its arguments': 'a#stop($context.responseOverride.header.put("X", "y"))b',
  'a macro that is not defined renders nothing, its arguments unread': '#set($l = [])#nosuch($l.add(1))$l #include("x")#parse("y")',
  'set through an index and under a missing object': `#set($m = {"a": {}})#set($k = "a")#set($m[$k].b = 2)$m.a.b #set($l = [1, 2])#set($l[0] = 9)$l #set($u.a.constructor.b = 1)$!u| #set($u2.a.b = 1)$u2.a.b $u2 #set($m.a.prototype = 3)$m.a.prototype`,
};

/** Corpus templates velocityjs renders whole, with their macros and #define (the compiler leaves them alone). */
const INTERPRETED = new Set([
  'macros and define run by the interpreter',
  'a string literal rendered inside a macro sets into the global scope',
  'toString is a name velocityjs treats as unescaped',
]);

describe("API Gateway's documented mapping template", () => {
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/models-mappings.html ("Mapping template example")
  const template = [
    "#set($inputRoot = $input.path('$'))",
    '[',
    '#foreach($elem in $inputRoot)',
    '  {',
    '    "description" : "Item $elem.id is a $elem.type.",',
    '    "askingPrice" : $elem.price',
    '  }#if($foreach.hasNext),#end',
    '#end',
    ']',
  ].join('\n');
  const input = [
    { id: 1, type: 'dog', price: 249.99 },
    { id: 2, type: 'cat', price: 124.99 },
    { id: 3, type: 'fish', price: 0.99 },
  ];

  it('renders the documented output, compiled as interpreted', () => {
    const rendered = expectSame(template, JSON.stringify(input));
    expect(JSON.parse((rendered as { body: string }).body)).toEqual([
      { description: 'Item 1 is a dog.', askingPrice: 249.99 },
      { description: 'Item 2 is a cat.', askingPrice: 124.99 },
      { description: 'Item 3 is a fish.', askingPrice: 0.99 },
    ]);
  });
});

describe('a corpus of VTL renders as velocityjs renders it', () => {
  for (const [name, template] of Object.entries(CORPUS)) {
    it(name, () => {
      expect(compileTemplate(velocity.parse(template)) === undefined).toBe(INTERPRETED.has(name));
      const rendered = expectSame(template, DATA);
      // Each case renders something (or fails): a comparison of two empty answers would prove little.
      expect('error' in rendered ? rendered.error : rendered.body).not.toBe('');
    });
  }

  it('a template with a node the compiler cannot read is left to the interpreter, which fails as it does', () => {
    const template = '#set($a = 1)$a';
    const ast = velocity.parse(template);
    expect(compileTemplate([...ast, { type: 'unknown-node' }])).toBeUndefined();
    expect(compileTemplate(ast)).toBeDefined();
  });

  it('VTL evaluated at run time with a macro fails: the compiled render has no macros', () => {
    // Single quotes: not a template of its own when compiled, only text handed to eval when rendered.
    const template = `#set($m = $input.path('$.m'))$m.hasOwnProperty("k")$m.eval('#macro(x)X#end#x()')`;
    expect(compileTemplate(velocity.parse(template))).toBeDefined();
    expect(interpreted(template, DATA)).toMatchObject({ body: 'trueX' });
    const outcome = compiled(template, DATA);
    expect(outcome).toEqual({ error: expect.stringContaining('may not hold #macro') });
  });
});

describe('method handlers', () => {
  /** Receivers of every kind, as the templates see them (fresh for each render: some methods change them). */
  const RECEIVERS: Record<string, string> = {
    map: '{"k": 1, "name": "n", "Name": "N", "empty": false}',
    list: '[3, "x", 1]',
    empty: '{}',
    'a map with members named like the methods': '{"get": 1, "size": 2, "keySet": 3, "add": 4, "isK": 5}',
    string: '"a string"',
    number: '7',
    'nested list': '[[1], {"a": 1}]',
  };
  const CALLS = [
    'get("k")',
    'get(0)',
    'get("Name")',
    'get("name")',
    'get("constructor")',
    'set("k", 2)',
    'put("z", 3)',
    'put("__proto__", 3)',
    'add(4)',
    'remove(0)',
    'remove("k")',
    'remove("x")',
    'subList(0, 2)',
    'size()',
    'keySet()',
    'entrySet()',
    'getName()',
    'getname()',
    'getK()',
    'get()',
    'isEmpty()',
    'isK()',
    'is()',
    'setName("v")',
    'setProto("v")',
    'set()',
    'nosuch()',
    'length()',
  ];

  it('velocityjs’s own, reimplemented: every method on every kind of value answers as velocityjs answers, and leaves the value as it does', () => {
    let rendered = 0;
    for (const receiver of Object.values(RECEIVERS)) {
      for (const call of CALLS) {
        const outcome = expectSame(`#set($o = ${receiver})[$o.${call}] [$o]`, '{}');
        if (!('error' in outcome)) rendered += 1;
      }
    }
    expect(rendered).toBeGreaterThan(150);
  });

  it('each answers false for a name its names or prefix rule out, whatever the object', () => {
    const names = ['foo', 'toString', 'length', 'xget', 'Get', 'iS', 'sizes', 'ge', 'putAll', 'keyset', 'replaceAll', 'isBlank', 'getName'];
    const objects: unknown[] = [{}, { foo: 1, get: 1 }, [1, 2], 'a string', 7, null, Object.create(null)];
    for (const handler of [...javaStringMethods, ...collectionMethods]) {
      expect(handler.names ?? handler.prefix, handler.uid).toBeDefined();
      for (const property of names.filter((n) => !mayMatch(handler, n))) {
        for (const context of objects) expect(handler.match({ property, context, params: [] })).toBe(false);
      }
    }
  });

  it('the Java String handler names what it answers', () => {
    const [java] = javaStringMethods;
    for (const property of ['replaceAll', 'length', 'split', 'toUpperCase', 'substring'])
      expect(java!.match({ property, context: 'abc', params: [] })).toBe(java!.names!.has(property));
  });
});

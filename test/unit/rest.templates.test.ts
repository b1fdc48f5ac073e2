/**
 * The REST shims' mapping templates (definitions/rest/) rendered by the local API Gateway
 * emulation against sample method requests and sample AppSync responses, error responses included;
 * plus the `$util`, `$input` and gateway-response pieces they rely on.
 */
import { Kind, parse, validate, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { gatewayResponses } from '../../definitions/rest/gatewayResponses.js';
import { readTemplate, restRoutes, type RestRouteDefinition } from '../../definitions/rest/routes.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { renderGatewayResponse } from '../../local/rest/gatewayResponse.js';
import { createContext } from '../../local/rest/vtl/context.js';
import { createInput } from '../../local/rest/vtl/input.js';
import { textPayload } from '../../local/rest/vtl/payload.js';
import { selectJsonPath } from '../../local/rest/vtl/jsonPath.js';
import { renderMappingTemplate } from '../../local/rest/vtl/renderTemplate.js';
import { escapeJavaScript, urlDecode, urlEncode, createUtil } from '../../local/rest/vtl/util.js';

const byPath = (path: string): RestRouteDefinition => restRoutes.find((r) => r.path === path)!;
const NEW_ORDER = byPath('/new-order');
const USER_ORDERS = byPath('/user-orders');
const params = { path: {}, querystring: {}, header: {} };
const facts = { httpMethod: 'POST', resourcePath: '/x', sourceIp: '127.0.0.1', userAgent: 'test', apiKey: 'k', host: 'localhost' };

function renderRequest(route: RestRouteDefinition, body: string) {
  const rendered = renderMappingTemplate(readTemplate(route.requestTemplatePath), body, params, createContext(facts));
  return JSON.parse(rendered.body) as { query: string; variables: Record<string, any> };
}

function renderResponse(route: RestRouteDefinition, appsync: unknown) {
  const rendered = renderMappingTemplate(readTemplate(route.responseTemplatePath), JSON.stringify(appsync), params, createContext(facts));
  return { status: rendered.status, body: JSON.parse(rendered.body) as Record<string, any> };
}

const appsyncError = (errorType: string, message: string, field: string) => ({
  data: null,
  errors: [{ path: [field], data: null, errorType, errorInfo: null, locations: [{ line: 1, column: 40, sourceName: null }], message }],
});

const schema = loadSchemas().declared;
const expectValidGraphQL = (query: string) => expect(validate(schema, parse(query))).toEqual([]);

describe('new-order request template', () => {
  it('builds the createOrder request from the body; 110.00 becomes the number 110', () => {
    const out = renderRequest(NEW_ORDER, '{"store_id" : "store01", "order_id": "order01", "user_id": "user01", "grand_total" : 110.00}');
    expect(Object.keys(out)).toEqual(['query', 'variables']);
    expect(out.variables).toEqual({ input: { store_id: 'store01', order_id: 'order01', user_id: 'user01', grand_total: 110 } });
    expect(out.query).toContain('createOrder(input: $input)');
    expectValidGraphQL(out.query);
  });

  it('carries strings exactly (quotes, backslashes, non-ASCII) and forwards no other property', () => {
    const tricky = `a"b'c\\d/é😀 {}$x`;
    const out = renderRequest(
      NEW_ORDER,
      JSON.stringify({ store_id: tricky, order_id: 'o', user_id: 'u', grand_total: 0.1, timestamp: 'u#1', extra: { deep: 1 } }),
    );
    expect(out.variables.input).toEqual({ store_id: tricky, order_id: 'o', user_id: 'u', grand_total: 0.1 });
  });
});

describe('user-orders request template', () => {
  it('builds the userOrders request (limit 5) with the user id echoed in a __typename alias', () => {
    const out = renderRequest(USER_ORDERS, '{"user_id": "user1", "store_id": "store1", "more": true}');
    expect(out.variables).toEqual({ store_id: 'store1', user_id: 'user1' });
    expect(out.query).toContain('limit: 5');
    expect(out.query).toContain(`echo_${Buffer.from('user1').toString('base64').replace(/=/g, '_E')}: __typename`);
    expectValidGraphQL(out.query);
  });

  it('spells base64 + / = as _P _S _E so the alias is a GraphQL name', () => {
    const user = 'user+/=?>~é😀"\'';
    const out = renderRequest(USER_ORDERS, JSON.stringify({ user_id: user, store_id: 's' }));
    const alias = /(echo_\w+): __typename/.exec(out.query)?.[1];
    expect(alias).toMatch(/^[_A-Za-z][_0-9A-Za-z]*$/);
    expectValidGraphQL(out.query);
  });
});

describe('new-order response template', () => {
  it('maps a created order to 201 and the seed message', () => {
    expect(renderResponse(NEW_ORDER, { data: { createOrder: { order_id: 'order01' } } })).toEqual({
      status: 201,
      body: { statusCode: 201, body: { message: 'Order order01 submitted successfully' } },
    });
  });

  it('escapes the order id into valid JSON', () => {
    const id = `o"'\\/é😀\u2028`;
    expect(renderResponse(NEW_ORDER, { data: { createOrder: { order_id: id } } }).body.body.message).toBe(
      `Order ${id} submitted successfully`,
    );
  });

  it('maps ConditionalCheckFailed to 400 "The conditional request failed"', () => {
    const appsync = appsyncError('DynamoDB:ConditionalCheckFailedException', 'The conditional request failed', 'createOrder');
    expect(renderResponse(NEW_ORDER, appsync)).toEqual({ status: 400, body: { statusCode: 400, error: 'The conditional request failed' } });
  });

  it("maps the resolver's ValidationError to 400 with its message (which names the field), worded as the model's refusals", () => {
    const appsync = appsyncError('ValidationError', "store_id must not contain '#'", 'createOrder');
    expect(renderResponse(NEW_ORDER, appsync)).toEqual({
      status: 400,
      body: { statusCode: 400, error: "Invalid request body: store_id must not contain '#'" },
    });
  });

  it('maps data-source and AppSync failures to 502 naming only the error type', () => {
    const throttled = appsyncError(
      'DynamoDB:ProvisionedThroughputExceededException',
      'Rate exceeded for table arn:aws:dynamodb:...',
      'createOrder',
    );
    expect(renderResponse(NEW_ORDER, throttled)).toEqual({
      status: 502,
      body: { statusCode: 502, error: 'The orders service failed (DynamoDB:ProvisionedThroughputExceededException)' },
    });
    // AppSync's answer to an unsigned or unauthorized IAM caller (HTTP 401, no data key).
    const unauthorized = { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }] };
    expect(renderResponse(NEW_ORDER, unauthorized)).toEqual({
      status: 502,
      body: { statusCode: 502, error: 'The orders service failed (UnauthorizedException)' },
    });
    expect(renderResponse(NEW_ORDER, {})).toEqual({ status: 502, body: { statusCode: 502, error: 'The orders service gave no answer' } });
  });
});

describe('user-orders response template', () => {
  const SEED_KEYS = ['user_id', 'grand_total', 'order_id', 'store_id', 'timestamp'];
  /** An order as AppSync answers the request template's selection: those fields, in that order. */
  const order = (n: number) => ({
    user_id: 'user1',
    grand_total: 110,
    order_id: `order${n}`,
    store_id: 'store1',
    timestamp: `user1#15440921${n}0000`,
  });
  const echo = (user: string) =>
    `echo_${Buffer.from(user).toString('base64').replace(/\+/g, '_P').replace(/\//g, '_S').replace(/=/g, '_E')}`;

  it("the request template selects exactly the seed's five keys, in the seed's order (AppSync answers with those)", () => {
    const query = parse(renderRequest(USER_ORDERS, '{"user_id": "u", "store_id": "s"}').query);
    const operation = query.definitions[0] as OperationDefinitionNode;
    const userOrders = operation.selectionSet.selections[0] as FieldNode;
    const items = userOrders.selectionSet!.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'items')!;
    expect(items.selectionSet!.selections.map((s) => (s as FieldNode).name.value)).toEqual(SEED_KEYS);
  });

  it("maps a list to 200 with each order holding exactly the seed's five keys, in AppSync's order", () => {
    const items = [8, 7, 6, 5, 4].map(order);
    const out = renderResponse(USER_ORDERS, { data: { userOrders: { [echo('user1')]: 'OrderConnection', items } } });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ statusCode: 200, orders: items, body: { message: 'Orders retrieved successfully' } });
    for (const o of out.body.orders as object[]) expect(Object.keys(o)).toEqual(SEED_KEYS);
  });

  it('carries strings exactly (quotes, backslashes, non-ASCII, line separators)', () => {
    const tricky = `o"'\\/é😀\u2028</script>`;
    const items = [{ ...order(1), order_id: tricky, user_id: tricky }];
    expect(renderResponse(USER_ORDERS, { data: { userOrders: { items } } }).body.orders).toEqual(items);
  });

  it('keeps fractional totals as numbers', () => {
    const out = renderResponse(USER_ORDERS, { data: { userOrders: { items: [{ ...order(1), grand_total: 0.1 }] } } });
    expect(out.body.orders[0].grand_total).toBe(0.1);
  });

  it('maps an empty list to 400 naming the user from the echo alias', () => {
    for (const user of ['user1', `o"'\\/é😀 x+?`]) {
      const out = renderResponse(USER_ORDERS, { data: { userOrders: { [echo(user)]: 'OrderConnection', items: [] } } });
      expect(out).toEqual({ status: 400, body: { statusCode: 400, error: `User ${user} has no orders yet !` } });
    }
  });

  it('maps ValidationError to 400 and other failures to 502', () => {
    expect(
      renderResponse(USER_ORDERS, appsyncError('ValidationError', 'user_id must not be empty (1–100 characters)', 'userOrders')),
    ).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Invalid request body: user_id must not be empty (1–100 characters)' },
    });
    expect(renderResponse(USER_ORDERS, appsyncError('DynamoDB:InternalServerError', 'boom', 'userOrders'))).toEqual({
      status: 502,
      body: { statusCode: 502, error: 'The orders service failed (DynamoDB:InternalServerError)' },
    });
    expect(renderResponse(USER_ORDERS, { data: null })).toEqual({
      status: 502,
      body: { statusCode: 502, error: 'The orders service gave no answer' },
    });
  });
});

describe('gateway responses', () => {
  it('every template renders to JSON with its status', () => {
    for (const definition of gatewayResponses) {
      const context = createContext(facts, {
        message: 'm',
        responseType: definition.type,
        validationErrorString: 'grand_total must be a number',
      });
      const { status, body } = renderGatewayResponse(definition.type, context);
      expect(status).toBe(definition.statusCode);
      expect(() => JSON.parse(body), definition.type).not.toThrow();
    }
  });

  it('BAD_REQUEST_BODY is the contract 400 with the validation text, quotes kept valid JSON', () => {
    const context = createContext(facts, {
      message: 'Invalid request body',
      responseType: 'BAD_REQUEST_BODY',
      validationErrorString: 'body is not valid JSON ("x" at 3)',
    });
    const { status, body } = renderGatewayResponse('BAD_REQUEST_BODY', context);
    expect(status).toBe(400);
    expect(JSON.parse(body)).toEqual({ statusCode: 400, error: 'Invalid request body: body is not valid JSON ("x" at 3)' });
  });

  it('INVALID_API_KEY and MISSING_AUTHENTICATION_TOKEN are 403 {"message":"Forbidden"}', () => {
    for (const type of ['INVALID_API_KEY', 'MISSING_AUTHENTICATION_TOKEN'] as const) {
      const { status, body } = renderGatewayResponse(type, createContext(facts));
      expect(status).toBe(403);
      expect(JSON.parse(body)).toEqual({ message: 'Forbidden' });
    }
  });
});

describe('$util as API Gateway documents it', () => {
  it("escapeJavaScript escapes quotes, backslash, '/', control and non-ASCII characters (commons-lang rules)", () => {
    expect(escapeJavaScript(`a"b'c\\d/e`)).toBe(`a\\"b\\'c\\\\d\\/e`);
    expect(escapeJavaScript('\n\t\r\b\f\u0001')).toBe('\\n\\t\\r\\b\\f\\u0001');
    expect(escapeJavaScript('é😀')).toBe('\\u00E9\\uD83D\\uDE00');
    expect(escapeJavaScript(null)).toBe('');
  });

  it('urlEncode/urlDecode follow java.net.URLEncoder', () => {
    expect(urlEncode("a b*~'!()é")).toBe('a+b*%7E%27%21%28%29%C3%A9');
    expect(urlDecode('a+b%2Fc')).toBe('a b/c');
  });

  it('base64Encode/Decode round-trip UTF-8; parseJson parses', () => {
    const util = createUtil();
    expect(util.base64Encode('é')).toBe('w6k=');
    expect(util.base64Decode('w6k=')).toBe('é');
    expect(util.parseJson('{"a":[1]}')).toEqual({ a: [1] });
  });

  it("a template's replaceAll uses Java regex semantics", () => {
    const out = renderMappingTemplate(
      `$util.escapeJavaScript("it's").replaceAll("\\\\'","'") #set($s = 'a1b22')$s.replaceAll('(\\d)', '<$1>') $s.length()`,
      '{}',
      params,
      createContext(facts),
    );
    expect(out.body).toBe("it's a<1>b<2><2> 5");
  });
});

describe('$input', () => {
  const input = createInput(textPayload('{"a":{"b":[10,{"c":"x"}]},"n":110.00}'), {
    path: {},
    querystring: { q: '1' },
    header: { 'X-Thing': 'h' },
  });

  it('path gives values, json gives JSON text, for the JSONPath subset', () => {
    expect(input.path('$')).toEqual({ a: { b: [10, { c: 'x' }] }, n: 110 });
    expect(input.path('$.a.b[1].c')).toBe('x');
    expect(input.path("$['a']['b'][0]")).toBe(10);
    expect(input.json('$.a.b')).toBe('[10,{"c":"x"}]');
    expect(input.json('$.n')).toBe('110');
    expect(input.path('$.missing.x')).toBeUndefined();
    expect(input.body).toBe('{"a":{"b":[10,{"c":"x"}]},"n":110.00}');
  });

  it('params() lists every parameter; params(name) looks in path, query string, then headers', () => {
    expect(input.params()).toEqual({ path: {}, querystring: { q: '1' }, header: { 'X-Thing': 'h' } });
    expect(input.params('q')).toBe('1');
    expect(input.params('x-thing')).toBe('h');
    expect(input.params('none')).toBe('');
  });

  it('selectJsonPath refuses what it does not support instead of guessing', () => {
    expect(() => selectJsonPath({}, '$..a')).toThrow(/unsupported JSONPath/);
    expect(() => selectJsonPath({}, 'a')).toThrow(/must start with/);
  });
});

/**
 * API Gateway's own answers (definitions/rest/gateway-responses/) as the local runtime renders them:
 * the contract's JSON shape for every type, the body's statusCode equal to the HTTP status, and the
 * validation text kept valid JSON whatever characters it carries. Types and default statuses:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
import { describe, expect, it } from 'vitest';
import { gatewayResponses, type GatewayResponseType } from '../../definitions/rest/gatewayResponses.js';
import { renderGatewayResponse } from '../../local/rest/gatewayResponse.js';
import { createContext } from '../../local/rest/vtl/context.js';

const facts = { httpMethod: 'POST', resourcePath: '/new-order', sourceIp: '127.0.0.1', userAgent: 'test', apiKey: 'k', host: 'localhost' };
const render = (type: GatewayResponseType, validationErrorString?: string) =>
  renderGatewayResponse(type, createContext(facts, { message: 'm', responseType: type, validationErrorString }));

describe('gateway responses in the contract shape', () => {
  it.each([
    ['INTEGRATION_TIMEOUT', 504],
    ['INTEGRATION_FAILURE', 504],
    ['THROTTLED', 429],
    ['QUOTA_EXCEEDED', 429],
    ['DEFAULT_4XX', 400],
    ['DEFAULT_5XX', 500],
    ['API_CONFIGURATION_ERROR', 500],
    ['BAD_REQUEST_BODY', 400],
    ['REQUEST_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
  ] as const)('%s answers %i with {"statusCode":%i,"error":"…"}', (type, status) => {
    const rendered = render(type, 'x');
    expect(rendered.status).toBe(status);
    const body = JSON.parse(rendered.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['statusCode', 'error']);
    expect(body.statusCode).toBe(status);
    expect(typeof body.error).toBe('string');
    expect(body.error).not.toMatch(/\$context/);
  });

  it('every configured type: JSON, and a statusCode in the body equals the status', () => {
    expect(gatewayResponses.length).toBe(new Set(gatewayResponses.map((r) => r.type)).size);
    for (const definition of gatewayResponses) {
      const rendered = render(definition.type);
      const body = JSON.parse(rendered.body) as Record<string, unknown>;
      if ('statusCode' in body) expect(body.statusCode, definition.type).toBe(definition.statusCode);
      else expect(body, definition.type).toEqual({ message: 'Forbidden' });
    }
  });

  it('the 5XX answers carry the request id, so a user can quote it', () => {
    const context = createContext(facts, { message: 'm', responseType: 'INTEGRATION_TIMEOUT' });
    const body = JSON.parse(renderGatewayResponse('INTEGRATION_TIMEOUT', context).body) as { error: string };
    expect(body.error).toContain(context.requestId);
  });
});

describe('$context.error.validationErrorString inside the JSON body', () => {
  // API Gateway's own validator text quotes names and values, e.g. for a missing field:
  // [object has missing required properties (["user_id"])]
  it.each([
    '[object has missing required properties (["user_id"])]',
    '[ECMA 262 regex "^[^#]+$" does not match input string "a\\"#\\\\b"]',
    "store_id must be 'x' or O'Brien",
    'back\\slash \\" and \\u0041',
    'line\nbreak\ttab\u0001control',
    'unicode é 😀 \u2028',
  ])('stays valid JSON and round-trips: %j', (text) => {
    const rendered = render('BAD_REQUEST_BODY', text);
    expect(rendered.status).toBe(400);
    expect(JSON.parse(rendered.body)).toEqual({ statusCode: 400, error: `Invalid request body: ${text}` });
  });
});

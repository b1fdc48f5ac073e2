/**
 * CORS of the REST shims, one definition for the stack (API Gateway's preflight and the
 * Access-Control headers on every answer, gateway responses included) and the local runtime.
 * The same policy as the GraphQL endpoint: any origin, because the shims authenticate with an
 * `x-api-key` header, never with cookies, so a page on another origin gains nothing a script
 * outside the browser does not already have.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html
 */
export const REST_CORS = {
  allowOrigins: ['*'],
  allowMethods: ['POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'X-Api-Key', 'X-Amz-Date', 'Authorization', 'X-Amz-Security-Token', 'X-Amz-User-Agent'],
  exposeHeaders: ['x-amzn-RequestId', 'x-amzn-ErrorType'],
  maxAgeSeconds: 86_400,
} as const;

/** The headers every REST answer carries (API Gateway: method/gateway response headers). */
export const REST_CORS_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': REST_CORS.allowOrigins.join(','),
  'Access-Control-Expose-Headers': REST_CORS.exposeHeaders.join(','),
};

/** The preflight's answer headers (API Gateway's OPTIONS mock integration, 204). */
export const REST_CORS_PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': REST_CORS.allowOrigins.join(','),
  'Access-Control-Allow-Methods': REST_CORS.allowMethods.join(','),
  'Access-Control-Allow-Headers': REST_CORS.allowHeaders.join(','),
  'Access-Control-Max-Age': String(REST_CORS.maxAgeSeconds),
};

/** Header name → API Gateway's static mapping value (`'value'` in single quotes). */
export function gatewayHeaderValues(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, `'${value}'`]));
}

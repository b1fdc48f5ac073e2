/**
 * API Gateway's own answers (no integration reached) in the contract's shapes, one template file
 * per response type. These templates are not VTL: API Gateway only substitutes `$context.*`
 * variables in them (no `$util`, so nothing can be escaped in the template), and so does the local
 * runtime. Types and default statuses:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 * Templates: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html
 */
import { join } from 'node:path';
import { restDefinitionsDir } from './routes.js';

export type GatewayResponseType =
  | 'BAD_REQUEST_BODY'
  | 'INVALID_API_KEY'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'API_CONFIGURATION_ERROR'
  | 'REQUEST_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTEGRATION_TIMEOUT'
  | 'INTEGRATION_FAILURE'
  | 'THROTTLED'
  | 'QUOTA_EXCEEDED'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

export interface GatewayResponseDefinition {
  readonly type: GatewayResponseType;
  readonly statusCode: number;
  readonly templatePath: string;
}

const response = (type: GatewayResponseType, statusCode: number): GatewayResponseDefinition => ({
  type,
  statusCode,
  templatePath: join(restDefinitionsDir, 'gateway-responses', `${type}.json.tmpl`),
});

export const gatewayResponses: readonly GatewayResponseDefinition[] = [
  // Bad JSON, a missing field, a wrong type, a broken rule: the contract's 400 naming the field.
  response('BAD_REQUEST_BODY', 400),
  // Missing or wrong x-api-key (API Gateway answers both with INVALID_API_KEY).
  response('INVALID_API_KEY', 403),
  // An unknown path or method: API Gateway's 403, in the contract's words.
  response('MISSING_AUTHENTICATION_TOKEN', 403),
  // A broken deployment is the server's fault, so 500 (not 403): it must not look like a bad key.
  response('API_CONFIGURATION_ERROR', 500),
  response('REQUEST_TOO_LARGE', 413),
  response('UNSUPPORTED_MEDIA_TYPE', 415),
  // AppSync slower than API Gateway's 29 s integration timeout, or not reachable at all.
  response('INTEGRATION_TIMEOUT', 504),
  response('INTEGRATION_FAILURE', 504),
  // The usage plan's per-key throttle and quota (infra/lib/restShimsConfig.ts).
  response('THROTTLED', 429),
  response('QUOTA_EXCEEDED', 429),
  // Every other type (ACCESS_DENIED, RESOURCE_NOT_FOUND, WAF_FILTERED, the authorizer types…): none
  // can happen with this API's setup, but if one does, its answer still has the contract's shape.
  // Setting a status on a DEFAULT_* type moves only the types that are not customized above.
  response('DEFAULT_4XX', 400),
  response('DEFAULT_5XX', 500),
];

export function gatewayResponse(type: GatewayResponseType): GatewayResponseDefinition {
  const found = gatewayResponses.find((r) => r.type === type);
  if (!found) throw new Error(`no gateway response ${type}`);
  return found;
}

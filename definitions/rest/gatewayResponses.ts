/**
 * API Gateway's own answers (no integration reached) in the contract's shapes, one template file
 * per response type. These templates are not VTL: API Gateway only substitutes `$context.*`
 * variables in them, and so does the local runtime.
 */
import { join } from 'node:path';
import { restDefinitionsDir } from './routes.js';

export type GatewayResponseType =
  | 'BAD_REQUEST_BODY'
  | 'INVALID_API_KEY'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'API_CONFIGURATION_ERROR'
  | 'REQUEST_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE';

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
];

export function gatewayResponse(type: GatewayResponseType): GatewayResponseDefinition {
  const found = gatewayResponses.find((r) => r.type === type);
  if (!found) throw new Error(`no gateway response ${type}`);
  return found;
}

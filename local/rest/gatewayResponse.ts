/**
 * API Gateway's own answers, from the same template files the cloud uses. Those templates are not
 * VTL: only `$context.<name>` variables are substituted, as they are, into the text.
 * validationErrorString is JSON-escaped first (quotes, backslashes, control characters; `'` left
 * alone, as JSON wants), so the body stays valid JSON whatever the text. Whether API Gateway escapes
 * it on substitution is not documented (docs/fidelity.md, "Edge of the cloud"); `npm run smoke`
 * shows it on a deployed stack.
 */
import type { ServerResponse } from 'node:http';
import { gatewayResponse, type GatewayResponseType } from '../../definitions/rest/gatewayResponses.js';
import { REST_CORS_RESPONSE_HEADERS } from '../../definitions/rest/cors.js';
import { REST_CONTENT_TYPE, readTemplate } from '../../definitions/rest/routes.js';
import { sendJsonText } from '../http/respond.js';
import type { TemplateContext } from './vtl/context.js';

const templates = new Map<GatewayResponseType, string>();

function lookup(context: TemplateContext, path: string): string {
  let value: unknown = context;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<string, unknown>)[key];
  }
  return value === undefined || value === null ? '' : String(value);
}

export function renderGatewayResponse(type: GatewayResponseType, context: TemplateContext): { status: number; body: string } {
  const definition = gatewayResponse(type);
  let template = templates.get(type);
  if (template === undefined) templates.set(type, (template = readTemplate(definition.templatePath)));
  const escaped = {
    ...context,
    error: { ...context.error, validationErrorString: JSON.stringify(context.error.validationErrorString).slice(1, -1) },
  };
  const body = template.replace(/\$context\.([A-Za-z][\w.]*[A-Za-z0-9])/g, (_, path: string) => lookup(escaped, path));
  return { status: definition.statusCode, body };
}

export function sendGatewayResponse(res: ServerResponse, type: GatewayResponseType, context: TemplateContext): void {
  const { status, body } = renderGatewayResponse(type, context);
  sendJsonText(res, status, body, {
    'content-type': REST_CONTENT_TYPE,
    ...REST_CORS_RESPONSE_HEADERS,
    'x-amzn-errortype': type,
    'x-amzn-requestid': context.requestId,
  });
}

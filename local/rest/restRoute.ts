/**
 * The REST shims on the local server, in API Gateway's order: API key (403) → content type (415)
 * → body size (413) → the route's model (400 naming the field) → request template → AppSync
 * in-process as the shims' IAM role → response template, whose responseOverride sets the status.
 * Models and templates are the files in definitions/rest/ that the CDK stack deploys.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REST_CORS_PREFLIGHT_HEADERS, REST_CORS_RESPONSE_HEADERS } from '../../definitions/rest/cors.js';
import {
  REST_BODY_CONTENT_TYPES,
  REST_CONTENT_TYPE,
  readModel,
  readTemplate,
  restRoutes,
  type RestRouteDefinition,
} from '../../definitions/rest/routes.js';
import { apiKeyMatches } from '../auth/apiKey.js';
import type { Executor } from '../engine/executor.js';
import { readJsonBody } from '../http/body.js';
import { flatHeaders, sendJsonText } from '../http/respond.js';
import type { Route } from '../http/router.js';
import { callAppSync } from './appsyncIntegration.js';
import { sendGatewayResponse } from './gatewayResponse.js';
import { createModelValidator } from './modelValidator.js';
import { createContext, type RequestFacts } from './vtl/context.js';
import type { RequestParams } from './vtl/input.js';
import { parsedPayload } from './vtl/payload.js';
import { renderMappingTemplate } from './vtl/renderTemplate.js';

/**
 * Far below API Gateway's 10 MB: a valid body is well under 2 KB, and the local server should not
 * buffer megabytes per request. Past it: 413 in the contract's shape (REQUEST_TOO_LARGE).
 */
export const MAX_REST_BODY_BYTES = 10 * 1024;

/** API Gateway treats a request without Content-Type as application/json; parameters (charset) are ignored. */
function acceptsContentType(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return true;
  const type = header.split(';')[0]!.trim().toLowerCase();
  return (REST_BODY_CONTENT_TYPES as readonly string[]).includes(type);
}

function requestParams(req: IncomingMessage, headers: Record<string, string>): RequestParams {
  const target = req.url ?? '/';
  // No query string (the usual case): no URL to parse.
  const querystring = target.includes('?') ? Object.fromEntries(new URL(target, 'http://local').searchParams) : {};
  return { path: {}, querystring, header: headers };
}

/** What `$context` says of the request (local/rest/vtl/context.ts). */
function requestFacts(req: IncomingMessage, headers: Record<string, string>, resourcePath: string): RequestFacts {
  return {
    httpMethod: req.method ?? 'POST',
    resourcePath,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    userAgent: headers['user-agent'] ?? '',
    apiKey: headers['x-api-key'] ?? '',
    host: headers.host ?? 'localhost',
  };
}

export function restRoute(definition: RestRouteDefinition, executor: Executor, apiKey: string): Route {
  const validate = createModelValidator(readModel(definition));
  const requestTemplate = readTemplate(definition.requestTemplatePath);
  const responseTemplate = readTemplate(definition.responseTemplatePath);

  return {
    method: 'POST',
    path: definition.path,
    // CORS as the stack sets it (definitions/rest/cors.ts): preflight 204, the headers on every answer.
    cors: true,
    preflightHeaders: REST_CORS_PREFLIGHT_HEADERS,
    // API Gateway has no GET (PUT, …) method on the resource: its MISSING_AUTHENTICATION_TOKEN
    // response, 403, before any key check (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).
    otherMethod(req: IncomingMessage, res: ServerResponse) {
      const headers = flatHeaders(req);
      const facts = requestFacts(req, headers, definition.path);
      const type = 'MISSING_AUTHENTICATION_TOKEN';
      sendGatewayResponse(res, type, createContext(facts, { message: 'Missing Authentication Token', responseType: type }));
    },
    async handle(req: IncomingMessage, res: ServerResponse) {
      const headers = flatHeaders(req);
      const facts = requestFacts(req, headers, definition.path);
      const refuse = (type: Parameters<typeof sendGatewayResponse>[1], message: string, validationErrorString?: string): void => {
        req.resume();
        sendGatewayResponse(res, type, createContext(facts, { message, responseType: type, validationErrorString }));
      };

      if (!apiKeyMatches(req.headers['x-api-key'], apiKey)) return refuse('INVALID_API_KEY', 'Forbidden');
      if (!acceptsContentType(headers['content-type'])) return refuse('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type');
      const read = await readJsonBody(req, MAX_REST_BODY_BYTES);
      if (!read.ok && read.problem === 'tooLarge') return refuse('REQUEST_TOO_LARGE', 'Request Too Long');
      if (!read.ok) return refuse('BAD_REQUEST_BODY', 'Invalid request body', `body ${read.detail}`);
      const { text: raw, value: body } = read;
      const problem = validate(body);
      if (problem !== null) return refuse('BAD_REQUEST_BODY', 'Invalid request body', problem);

      const params = requestParams(req, headers);
      const context = createContext(facts);
      let rendered;
      try {
        // The body the model accepted, parsed once: the template's $input reads copies of it.
        const integrationRequest = renderMappingTemplate(requestTemplate, parsedPayload(raw, body), params, context);
        const appsync = await callAppSync(executor, integrationRequest.body, integrationRequest.requestHeaders);
        // AppSync's answer is the body it would write as JSON: a template that reads it only through $input.path/json gets it unwritten.
        rendered = renderMappingTemplate(responseTemplate, { json: appsync }, params, context);
      } catch (error) {
        // A template that cannot render is a broken deployment, as API Gateway reports it.
        console.error(`REST ${definition.path}: mapping template failed:`, error);
        return sendGatewayResponse(
          res,
          'API_CONFIGURATION_ERROR',
          createContext(facts, { message: 'Internal server error', responseType: 'API_CONFIGURATION_ERROR' }),
        );
      }
      sendJsonText(res, rendered.status ?? 200, rendered.body, {
        'content-type': REST_CONTENT_TYPE,
        ...REST_CORS_RESPONSE_HEADERS,
        ...rendered.headers,
        'x-amzn-requestid': context.requestId,
      });
    },
  };
}

/** Both shims, as the local server mounts them. */
export function restShimRoutes(executor: Executor, apiKey: string): Route[] {
  return restRoutes.map((definition) => restRoute(definition, executor, apiKey));
}

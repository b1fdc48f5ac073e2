/**
 * The REST shims described as an OpenAPI 3.0 document, built from their one definition
 * (definitions/rest/): each route's request schema is the very model file API Gateway validates with
 * and the local shims validate with (draft-04; OpenAPI 3.0's Schema Object is its subset, less
 * `$schema`), the statuses and error bodies are the contract's and the gateway responses', and the
 * key is the `x-api-key` header. `GET /openapi.json` serves it; the deployed stage's comes from API
 * Gateway's export (docs/deploy.md), with the same models as components.
 * https://spec.openapis.org/oas/v3.0.3
 */
import { gatewayResponses, type GatewayResponseType } from '../../definitions/rest/gatewayResponses.js';
import { readModel, REST_BODY_CONTENT_TYPES, REST_CONTENT_TYPE, restRoutes } from '../../definitions/rest/routes.js';

type Json = Record<string, unknown>;

const statusOf = (type: GatewayResponseType): number => gatewayResponses.find((r) => r.type === type)!.statusCode;

/** `{"statusCode": N, "error": "…"}`: every refusal but the key's. */
const ERROR = {
  type: 'object',
  required: ['statusCode', 'error'],
  properties: { statusCode: { type: 'integer' }, error: { type: 'string', description: 'What is wrong, naming the field' } },
};
/** API Gateway's answer to a missing or wrong key. */
const FORBIDDEN = { type: 'object', required: ['message'], properties: { message: { type: 'string', enum: ['Forbidden'] } } };
const MESSAGE = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };
const SEED_ORDER = {
  type: 'object',
  description: "An order as the seed's API returned it: exactly these five fields.",
  required: ['user_id', 'grand_total', 'order_id', 'store_id', 'timestamp'],
  properties: {
    user_id: { type: 'string' },
    grand_total: { type: 'number' },
    order_id: { type: 'string' },
    store_id: { type: 'string' },
    timestamp: { type: 'string', description: '<user_id>#<epoch milliseconds>' },
  },
  additionalProperties: false,
};

/** What each route answers besides its errors. */
const SUCCESS: Record<string, { status: number; description: string; schema: Json }> = {
  '/new-order': {
    status: 201,
    description: 'The order was stored.',
    schema: {
      type: 'object',
      required: ['statusCode', 'body'],
      properties: { statusCode: { type: 'integer', enum: [201] }, body: { $ref: '#/components/schemas/Message' } },
      example: { statusCode: 201, body: { message: 'Order order01 submitted successfully' } },
    },
  },
  '/user-orders': {
    status: 200,
    description: "The user's orders at that store, newest first, at most 5.",
    schema: {
      type: 'object',
      required: ['statusCode', 'orders', 'body'],
      properties: {
        statusCode: { type: 'integer', enum: [200] },
        orders: { type: 'array', maxItems: 5, items: { $ref: '#/components/schemas/SeedOrder' } },
        body: { $ref: '#/components/schemas/Message' },
      },
    },
  },
};

const json = (schema: Json): Json => ({ [REST_CONTENT_TYPE]: { schema } });
const errorResponse = (description: string): Json => ({ description, content: json({ $ref: '#/components/schemas/Error' }) });

/** The document, with `serverUrl` (this server, or the stage's invoke URL) as its one server. */
export function restOpenApiDocument(serverUrl: string): Json {
  const paths: Record<string, Json> = {};
  const schemas: Record<string, Json> = { Error: ERROR, Forbidden: FORBIDDEN, Message: MESSAGE, SeedOrder: SEED_ORDER };
  for (const route of restRoutes) {
    const { $schema: _draft, ...model } = readModel(route);
    schemas[route.modelName] = model;
    const success = SUCCESS[route.path]!;
    const requestSchema = { $ref: `#/components/schemas/${route.modelName}` };
    paths[route.path] = {
      post: {
        operationId: route.graphqlField.fieldName,
        summary: `${route.path}: the seed's endpoint, served through AppSync's ${route.graphqlField.typeName}.${route.graphqlField.fieldName}`,
        requestBody: {
          required: true,
          // Read as JSON whatever of these it says (fetch and curl -d send the other two by default).
          content: Object.fromEntries(REST_BODY_CONTENT_TYPES.map((type) => [type, { schema: requestSchema }])),
        },
        responses: {
          [success.status]: { description: success.description, content: json(success.schema) },
          400:
            route.path === '/new-order'
              ? errorResponse('Bad JSON, a missing field, a wrong type or a broken rule (nothing is written); or the order exists already')
              : errorResponse('Bad JSON, a missing field, a wrong type or a broken rule; or the user has no orders at that store'),
          [statusOf('INVALID_API_KEY')]: {
            description: 'Missing or wrong x-api-key',
            content: json({ $ref: '#/components/schemas/Forbidden' }),
          },
          [statusOf('REQUEST_TOO_LARGE')]: errorResponse('The body is too large'),
          [statusOf('UNSUPPORTED_MEDIA_TYPE')]: errorResponse('A body type other than JSON, text/plain or a form type'),
          [statusOf('THROTTLED')]: errorResponse("Over the key's rate or quota (the deployed stage's usage plan)"),
          502: errorResponse('AppSync or DynamoDB failed'),
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Orders API REST shims',
      version: '1.0.0',
      description: "The old Simple Orders API's two endpoints, kept for existing clients; new clients use the GraphQL API.",
    },
    servers: [{ url: serverUrl }],
    security: [{ api_key: [] }],
    paths,
    components: { schemas, securitySchemes: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } } },
  };
}

/**
 * The REST shims' one definition: per route the request model (JSON Schema draft-04), the request
 * and response mapping templates (VTL) and the AppSync field it calls. The CDK stack hands these
 * very files to API Gateway; the local runtime validates with the same models and renders the same
 * templates. Paths are absolute so every reader (tsx, vitest, the CDK app) finds the same files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';

export const restDefinitionsDir = join(projectRoot, 'definitions', 'rest');

export interface RestRouteDefinition {
  /** The resource path, e.g. `/new-order` (always POST). */
  readonly path: string;
  /** API Gateway model name (alphanumeric) and its JSON Schema file. */
  readonly modelName: string;
  readonly modelPath: string;
  readonly requestTemplatePath: string;
  readonly responseTemplatePath: string;
  /** The one AppSync root field the request template calls: the IAM role may call exactly these. */
  readonly graphqlField: { readonly typeName: 'Query' | 'Mutation'; readonly fieldName: string };
}

/** The content type of every answer, and of the integration request to AppSync. */
export const REST_CONTENT_TYPE = 'application/json';

/**
 * Request bodies read as JSON. The seed's clients are not all careful with Content-Type:
 * `fetch` with a string body sends text/plain and `curl -d` a form type. Others get 415.
 */
export const REST_BODY_CONTENT_TYPES = [REST_CONTENT_TYPE, 'text/plain', 'application/x-www-form-urlencoded'] as const;

const route = (path: string, modelName: string, typeName: 'Query' | 'Mutation', fieldName: string): RestRouteDefinition => {
  const dir = join(restDefinitionsDir, path.slice(1));
  return {
    path,
    modelName,
    modelPath: join(dir, `${modelName}.model.json`),
    requestTemplatePath: join(dir, 'request.vtl'),
    responseTemplatePath: join(dir, 'response.vtl'),
    graphqlField: { typeName, fieldName },
  };
};

export const restRoutes: readonly RestRouteDefinition[] = [
  route('/new-order', 'NewOrder', 'Mutation', 'createOrder'),
  route('/user-orders', 'UserOrders', 'Query', 'userOrders'),
];

/** A model file, parsed. */
export function readModel(definition: RestRouteDefinition): Record<string, unknown> {
  return JSON.parse(readFileSync(definition.modelPath, 'utf8')) as Record<string, unknown>;
}

export function readTemplate(path: string): string {
  return readFileSync(path, 'utf8');
}

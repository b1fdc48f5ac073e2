/** The API's schemas as the engine runs them, from schema.graphql (definitions/resolverWiring.ts builds it with AppSync's declarations). */
import { buildAppSyncSchema } from '../definitions/resolverWiring.js';
import { appSyncSchemas, type AppSyncSchemas } from './engine/schema.js';

/** `source`: schema text instead of schema.graphql (a hot reload's new text). */
export function loadSchemas(source?: string): AppSyncSchemas {
  return appSyncSchemas(buildAppSyncSchema(source));
}

/**
 * Resolver wiring, derived from file names as in aws-samples' appsync resolver samples:
 * `resolvers/<Type>.<field>[.<dataSource>].ts`. No data source part means the Orders table.
 * The CDK stack and the local runtime both read this list; `checkWiring` holds it to the schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType, type GraphQLSchema } from 'graphql';
import { projectRoot } from './paths.js';

export type DataSourceName = 'ordersTable' | 'none';

export interface ResolverWiring {
  /** `Mutation`, `Query` or `Subscription`. */
  typeName: string;
  fieldName: string;
  dataSource: DataSourceName;
  /** `<Type>.<field>[.<ds>]`: names the bundle file too. */
  name: string;
  /** Absolute path of the TypeScript source. */
  sourcePath: string;
}

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'];
const DATA_SOURCES: Record<string, DataSourceName> = { '': 'ordersTable', none: 'none' };

export const resolversDir = join(projectRoot, 'resolvers');
export const schemaPath = join(projectRoot, 'schema.graphql');

/** Every resolver file, parsed from its name. Helpers live in subfolders and are not listed. */
export function listResolvers(dir = resolversDir): ResolverWiring[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => {
      const name = entry.name.slice(0, -'.ts'.length);
      const [typeName, fieldName, ds = '', ...rest] = name.split('.');
      const dataSource = DATA_SOURCES[ds];
      if (!typeName || !fieldName || rest.length > 0 || dataSource === undefined || !ROOT_TYPES.includes(typeName)) {
        throw new Error(`resolvers/${entry.name}: expected <Query|Mutation|Subscription>.<field>[.none].ts`);
      }
      return { typeName, fieldName, dataSource, name, sourcePath: join(dir, entry.name) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The schema file as AppSync gets it, and as graphql-js sees it (with AppSync's scalars and directives). */
export function readSchemaSource(): string {
  return readFileSync(schemaPath, 'utf8');
}

/** AppSync's built-in scalars and directives (definitions/appsync.graphql), so graphql-js can build the same SDL. */
export const appsyncPreludePath = join(projectRoot, 'definitions', 'appsync.graphql');
export const APPSYNC_PRELUDE = readFileSync(appsyncPreludePath, 'utf8');

export function buildAppSyncSchema(source = readSchemaSource()): GraphQLSchema {
  return buildSchema(APPSYNC_PRELUDE + source);
}

/**
 * Every root field has exactly one resolver and every resolver names a root field.
 * Subscription fields are resolved by AppSync itself unless a resolver file adds filtering.
 */
export function checkWiring(wiring: ResolverWiring[], schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const wired = new Set(wiring.map((w) => `${w.typeName}.${w.fieldName}`));
  for (const w of wiring) {
    const type = schema.getType(w.typeName);
    if (!isObjectType(type) || !type.getFields()[w.fieldName]) {
      problems.push(`resolvers/${w.name}.ts resolves ${w.typeName}.${w.fieldName}, which the schema does not have`);
    }
  }
  for (const typeName of ['Query', 'Mutation']) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const field of Object.keys(type.getFields())) {
      if (!wired.has(`${typeName}.${field}`)) problems.push(`${typeName}.${field} has no resolver file in resolvers/`);
    }
  }
  return problems;
}

/**
 * The executable schema: the API's schema (AppSync's scalars and directives declared).
 * AppSync reports a failed root field as `data.<field>: null` beside its error (the contract
 * relies on it), so execution uses a twin whose root fields are nullable; introspection
 * and validation see the schema exactly as written.
 */
import { GraphQLObjectType, GraphQLSchema, isNonNullType, type GraphQLFieldConfigMap, type GraphQLNamedType } from 'graphql';

export interface AppSyncSchemas {
  /** As written: validation and introspection. */
  declared: GraphQLSchema;
  /** Root fields nullable: execution. */
  execution: GraphQLSchema;
}

/** `declared`: the schema as written, AppSync's scalars and directives declared. */
export function appSyncSchemas(declared: GraphQLSchema): AppSyncSchemas {
  const config = declared.toConfig();
  const roots = new Map<GraphQLObjectType, GraphQLObjectType>();
  const relax = (type: GraphQLObjectType | null | undefined): GraphQLObjectType | undefined => {
    if (!type) return undefined;
    const typeConfig = type.toConfig();
    const fields: GraphQLFieldConfigMap<unknown, unknown> = {};
    for (const [name, field] of Object.entries(typeConfig.fields)) {
      fields[name] = { ...field, type: isNonNullType(field.type) ? field.type.ofType : field.type };
    }
    const relaxed = new GraphQLObjectType({ ...typeConfig, fields });
    roots.set(type, relaxed);
    return relaxed;
  };
  const query = relax(config.query);
  const mutation = relax(config.mutation);
  const subscription = relax(config.subscription);
  const types = config.types.filter((t: GraphQLNamedType) => !roots.has(t as GraphQLObjectType));
  const execution = new GraphQLSchema({ ...config, query, mutation, subscription, types });
  return { declared, execution };
}

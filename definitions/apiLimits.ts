/**
 * The GraphQL API's run limits: AppSync's per-API query depth limit, resolver count limit and
 * introspection switch. One definition: the CDK stack deploys these values (a stage may override
 * them with `-c queryDepthLimit= -c resolverCountLimit= -c introspection=`, read with these ranges by
 * infra/bin/appConfig.ts), and the local runtime enforces the same defaults (local/engine/queryLimits.ts).
 *
 * AWS: https://docs.aws.amazon.com/appsync/latest/devguide/configuration-limits.html
 * - query depth: 1–75 nested levels; past it a field fails with `QueryDepthLimitReached`;
 * - resolver count: 1–10000 resolvers per request (10000 when unset); resolvers past it fail with
 *   `ResolverExecutionLimitReached` and do not run, the ones before it run;
 * - introspection: ENABLED (default) or DISABLED; disabled, introspection fields answer a
 *   validation error.
 *
 * Pure: no aws-cdk-lib import, so the local runtime loads it without the CDK.
 */

export interface ApiLimits {
  /** Deepest field a request may select, leaves counted (`{ a { b } }` is 2). AppSync: 1–75. */
  readonly queryDepthLimit: number;
  /** Resolver invocations per request. AppSync: 1–10000. */
  readonly resolverCountLimit: number;
  /** Whether `__schema` / `__type` may be queried. */
  readonly introspection: boolean;
}

/**
 * This API's values.
 * - Depth 15: the schema itself is at most 3 deep (`userOrders { items { order_id } } }`) and has no
 *   cycles, so only introspection can go deeper — and the standard introspection query (graphql-js
 *   `getIntrospectionQuery`, which GraphiQL, the AppSync console, Amplify and Apollo codegen send)
 *   is exactly 15 deep. AppSync does not say whether introspection counts toward the limit; counting
 *   it keeps local at least as strict as the cloud, and 15 still lets every such tool read the
 *   schema while `ofType { ofType { … } }` chains stop there.
 * - Resolvers 10: every resolver here is a root field doing one DynamoDB call; a client needs one
 *   per request, a dashboard a few. Ten bounds one request to ten store calls (≤ 500 orders read).
 * - Introspection on: the explorer, codegen and the AppSync console need the schema, and every
 *   caller is authenticated already (API key, IAM or a user pool token).
 */
export const DEFAULT_API_LIMITS: ApiLimits = {
  queryDepthLimit: 15,
  resolverCountLimit: 10,
  introspection: true,
};

export const QUERY_DEPTH_RANGE = { min: 1, max: 75 } as const;
export const RESOLVER_COUNT_RANGE = { min: 1, max: 10_000 } as const;

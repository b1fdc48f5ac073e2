/** What the smoke suite calls: one deployed (or local) Orders API. */
export interface SmokeTarget {
  /** `https://<id>.appsync-api.<region>.amazonaws.com/graphql`, or the local `http://127.0.0.1:4000/graphql`. */
  readonly graphqlUrl: string;
  /** The AppSync API key (`x-api-key`). */
  readonly apiKey: string;
  /** The REST shims' base URL, e.g. `https://<id>.execute-api.<region>.amazonaws.com/dev/` or `http://127.0.0.1:4000/`. */
  readonly restUrl: string;
  /** The API Gateway API key; locally the same key as the GraphQL API. */
  readonly restKey: string;
  /** AppSync's real-time endpoint for `graphqlUrl` (realtimeEndpoint.ts). */
  readonly realtimeUrl: string;
}

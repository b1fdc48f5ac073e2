/**
 * The Orders table: the one definition read by the CDK stack (infra/), the local store's
 * CreateTable (local/store/) and the resolvers (bundled in by esbuild). Plain data on purpose:
 * it must evaluate inside APPSYNC_JS, where nothing but literals and functions is allowed.
 */
export const ordersTable = {
  /** Default table name of the local runtime (`TABLE_NAME` overrides it). */
  defaultName: 'Orders',
  partitionKey: 'store_id',
  sortKey: 'order_id',
  /** The seed's local secondary index: same partition key, sorted by `<user_id>#<epoch ms>`. */
  userTimeIndex: { name: 'timestamp-index', sortKey: 'timestamp' },
} as const;

/** The separator between user id and epoch milliseconds in `timestamp`. */
export const TIMESTAMP_SEPARATOR = '#';

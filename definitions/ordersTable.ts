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

/**
 * The AppSync environment variable (ctx.env) that names the user/time index on AWS: an adopted
 * table (`-c existingIndexName=`) may name it differently; absent, `userTimeIndex.name` holds.
 * https://docs.aws.amazon.com/appsync/latest/devguide/environment-variables.html
 */
export const USER_TIME_INDEX_ENV = 'ORDERS_INDEX_NAME';

/** The separator between user id and epoch milliseconds in `timestamp`. */
export const TIMESTAMP_SEPARATOR = '#';

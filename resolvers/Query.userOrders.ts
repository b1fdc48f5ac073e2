import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { ordersTable, TIMESTAMP_SEPARATOR, USER_TIME_INDEX_ENV } from '../definitions/ordersTable';
import { raiseDataSourceError } from './lib/dataSourceError';
import { actingUserId, requiredUserIdProblem } from './lib/owner';
import { firstProblem, idProblem } from './lib/validation';
// Types generated from schema.graphql (npm run codegen). A signed-in user may omit user_id (it
// becomes their name); API-key and IAM callers may not.
import type { QueryUserOrdersArgs as Args, Order as SchemaOrder } from './generated/schema';

/** created_at is null only for a seed item whose timestamp holds no time (GraphQL then reports the non-null field). */
type Order = Omit<SchemaOrder, 'created_at'> & { created_at: SchemaOrder['created_at'] | null };
/** As stored: orders written by the seed's Lambda lack created_at (and may hold grand_total as text). */
type StoredItem = Omit<Order, 'grand_total' | 'created_at'> & { grand_total: number | string; created_at?: string };

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;

/**
 * userOrders: the owner rules (lib/owner.ts: a signed-in user lists only their own orders), then
 * one strongly consistent Query on the user/time index, newest first.
 * `begins_with("<user_id>#")` keeps user1 from seeing user10's orders.
 */
export function request(ctx: Context<Args>): DynamoDBQueryRequest {
  const { store_id, nextToken } = ctx.args;
  const userId = actingUserId(ctx.identity, ctx.args.user_id, true);
  const limit = ctx.args.limit ?? DEFAULT_LIMIT;
  const problem = firstProblem([
    idProblem('store_id', store_id),
    requiredUserIdProblem(userId),
    limit < 1 || limit > MAX_LIMIT ? `limit must be between 1 and ${MAX_LIMIT} (got ${limit})` : null,
    nextToken !== undefined && nextToken !== null && nextToken.length === 0 ? 'nextToken must not be empty' : null,
  ]);
  if (problem !== null) {
    util.error(problem, 'ValidationError');
  }
  // requiredUserIdProblem refused a null userId above.
  const user_id = userId as string;
  return ddb.query<Order>({
    // The stack sets the index name as an AppSync environment variable (an adopted table's may differ).
    index: (ctx.env && ctx.env[USER_TIME_INDEX_ENV]) || ordersTable.userTimeIndex.name,
    query: {
      store_id: { eq: store_id },
      timestamp: { beginsWith: `${user_id}${TIMESTAMP_SEPARATOR}` },
    },
    scanIndexForward: false,
    consistentRead: true,
    limit,
    nextToken: nextToken ?? undefined,
  });
}

export function response(ctx: Context): { items: Order[]; nextToken: string | null } {
  if (ctx.error) {
    raiseDataSourceError(ctx.error);
  }
  return { items: ctx.result.items.map(asOrder), nextToken: ctx.result.nextToken ?? null };
}

/** A stored item as an Order: the order's own fields only (never write_id). */
function asOrder(item: StoredItem): Order {
  return {
    store_id: item.store_id,
    order_id: item.order_id,
    user_id: item.user_id,
    grand_total: typeof item.grand_total === 'string' ? Number(item.grand_total) : item.grand_total,
    timestamp: item.timestamp,
    created_at: item.created_at ?? createdAtOf(item.timestamp),
  };
}

/**
 * Orders written by the seed's Lambda have no created_at: it is the instant in their timestamp,
 * `<user_id>#<epoch ms>` (the milliseconds after the last '#').
 */
function createdAtOf(timestamp: string | undefined): string | null {
  if (typeof timestamp !== 'string') {
    return null;
  }
  const ms = Number(timestamp.slice(timestamp.lastIndexOf(TIMESTAMP_SEPARATOR) + 1));
  return Number.isFinite(ms) ? util.time.epochMilliSecondsToISO8601(ms) : null;
}

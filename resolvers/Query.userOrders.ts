import { util, type Context, type DynamoDBQueryRequest } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { ordersTable, TIMESTAMP_SEPARATOR } from '../definitions/ordersTable';
import { firstProblem, idProblem } from './lib/validation';

type Args = { store_id: string; user_id: string; limit?: number | null; nextToken?: string | null };
type Order = { store_id: string; order_id: string; user_id: string; grand_total: number; timestamp: string; created_at: string };

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;

/**
 * userOrders: one strongly consistent Query on the user/time index, newest first.
 * `begins_with("<user_id>#")` keeps user1 from seeing user10's orders.
 */
export function request(ctx: Context<Args>): DynamoDBQueryRequest {
  const { store_id, user_id, nextToken } = ctx.args;
  const limit = ctx.args.limit ?? DEFAULT_LIMIT;
  const problem = firstProblem([
    idProblem('store_id', store_id),
    idProblem('user_id', user_id),
    limit < 1 || limit > MAX_LIMIT ? `limit must be between 1 and ${MAX_LIMIT} (got ${limit})` : null,
    nextToken !== undefined && nextToken !== null && nextToken.length === 0 ? 'nextToken must not be empty' : null,
  ]);
  if (problem !== null) {
    util.error(problem, 'ValidationError');
  }
  return ddb.query<Order>({
    index: ordersTable.userTimeIndex.name,
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
    util.error(ctx.error.message, ctx.error.type);
  }
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ?? null };
}

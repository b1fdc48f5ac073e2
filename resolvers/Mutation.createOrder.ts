import { util, type Context, type DynamoDBPutItemRequest } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { TIMESTAMP_SEPARATOR } from '../definitions/ordersTable';
import { raiseDataSourceError } from './lib/dataSourceError';
import { firstProblem, grandTotalProblem, idProblem } from './lib/validation';

type CreateOrderInput = { store_id: string; order_id: string; user_id: string; grand_total: number };
type Order = CreateOrderInput & { timestamp: string; created_at: string };
/** What is stored: the order plus `write_id`, which no client ever sees (not in the schema's Order). */
type StoredOrder = Order & { write_id: string };

/**
 * createOrder: validate, then one conditional PutItem. The server sets timestamp and created_at
 * from a single clock reading, so they are the same instant.
 *
 * `write_id` (util.autoId(), unique per request) makes every desired item different: AppSync
 * treats a failed condition on an item that already equals the desired one as a success, so two
 * identical creates in one millisecond would otherwise both "win".
 * https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
 */
export function request(ctx: Context<{ input: CreateOrderInput }>): DynamoDBPutItemRequest {
  const input = ctx.args.input;
  const problem = firstProblem([
    idProblem('store_id', input.store_id),
    idProblem('order_id', input.order_id),
    idProblem('user_id', input.user_id),
    grandTotalProblem(input.grand_total),
  ]);
  if (problem !== null) {
    util.error(problem, 'ValidationError');
  }
  const now = util.time.nowEpochMilliSeconds();
  const item = {
    user_id: input.user_id,
    grand_total: input.grand_total,
    timestamp: `${input.user_id}${TIMESTAMP_SEPARATOR}${now}`,
    created_at: util.time.epochMilliSecondsToISO8601(now),
    write_id: util.autoId(),
  };
  return ddb.put<StoredOrder>({
    key: { store_id: input.store_id, order_id: input.order_id },
    item,
    // Create-once: an existing (store_id, order_id) fails with ConditionalCheckFailedException.
    condition: { store_id: { attributeExists: false } },
  });
}

export function response(ctx: Context): Order {
  if (ctx.error) {
    raiseDataSourceError(ctx.error);
  }
  // The order's own fields only: write_id stays in the table.
  const stored = ctx.result as StoredOrder;
  return {
    store_id: stored.store_id,
    order_id: stored.order_id,
    user_id: stored.user_id,
    grand_total: stored.grand_total,
    timestamp: stored.timestamp,
    created_at: stored.created_at,
  };
}

import { util, type Context, type DynamoDBPutItemRequest } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { TIMESTAMP_SEPARATOR } from '../definitions/ordersTable';
import { firstProblem, grandTotalProblem, idProblem } from './lib/validation';

type CreateOrderInput = { store_id: string; order_id: string; user_id: string; grand_total: number };
type Order = CreateOrderInput & { timestamp: string; created_at: string };

/**
 * createOrder: validate, then one conditional PutItem. The server sets timestamp and created_at
 * from a single clock reading, so they are the same instant.
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
  };
  return ddb.put<Order>({
    key: { store_id: input.store_id, order_id: input.order_id },
    item,
    // Create-once: an existing (store_id, order_id) fails with ConditionalCheckFailedException.
    condition: { store_id: { attributeExists: false } },
  });
}

export function response(ctx: Context): Order {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result as Order;
}

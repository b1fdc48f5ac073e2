import { util, type Context, type DynamoDBPutItemRequest } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { TIMESTAMP_SEPARATOR } from '../definitions/ordersTable';
import { raiseDataSourceError } from './lib/dataSourceError';
import { actingUserId, requiredUserIdProblem } from './lib/owner';
import { forgedKeyProblem } from './lib/selectionKeys';
import { firstProblem, grandTotalProblem, idProblem } from './lib/validation';
// Types generated from schema.graphql (npm run codegen). A signed-in user may omit input.user_id
// (it becomes their name); API-key and IAM callers may not.
import type { MutationCreateOrderArgs, Order } from './generated/schema';

/** What is stored: the order plus `write_id`, which no client ever sees (not in the schema's Order). */
type StoredOrder = Order & { write_id: string };

/** Order's fields: the names onCreateOrder's filters match on (the compiler keeps the list whole). */
const ORDER_FIELDS: Record<keyof Order, true> = {
  store_id: true,
  order_id: true,
  user_id: true,
  grand_total: true,
  timestamp: true,
  created_at: true,
};

/**
 * createOrder: the owner rules (lib/owner.ts: a signed-in user creates only their own orders,
 * refused before anything is written), validate — the input, and the selection: subscribers get
 * this result under its response keys, so no key may be another field's name (`user_id: order_id`,
 * lib/selectionKeys.ts) — then one conditional PutItem. The server sets timestamp and created_at
 * from a single clock reading, so they are the same instant.
 *
 * `write_id` (util.autoId(), unique per request) makes every desired item different: AppSync
 * treats a failed condition on an item that already equals the desired one as a success, so two
 * identical creates in one millisecond would otherwise both "win".
 * https://docs.aws.amazon.com/appsync/latest/devguide/js-aws-appsync-resolver-reference-dynamodb-condition-expressions.html
 */
export function request(ctx: Context<MutationCreateOrderArgs>): DynamoDBPutItemRequest {
  const input = ctx.args.input;
  const userId = actingUserId(ctx.identity, input.user_id, true);
  const problem = firstProblem([
    idProblem('store_id', input.store_id),
    idProblem('order_id', input.order_id),
    requiredUserIdProblem(userId),
    grandTotalProblem(input.grand_total),
    forgedKeyProblem(ctx.info, 'Order', Object.keys(ORDER_FIELDS)),
  ]);
  if (problem !== null) {
    util.error(problem, 'ValidationError');
  }
  // requiredUserIdProblem refused a null userId above.
  const user_id = userId as string;
  const now = util.time.nowEpochMilliSeconds();
  const item = {
    user_id,
    grand_total: input.grand_total,
    timestamp: `${user_id}${TIMESTAMP_SEPARATOR}${now}`,
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

/** Every row of the contract's REST tables, plus bad input (400 naming the field, nothing written). */
import type { Check } from '../check.js';
import { dataOf, expectAnswer, expectEqual, expectThat } from '../expect.js';
import { graphql, rest } from '../http.js';
import { USER_ORDERS, type Order } from '../operations.js';

const SEED_FIELDS = ['grand_total', 'order_id', 'store_id', 'timestamp', 'user_id'];

export const restShimChecks: Check[] = [
  {
    name: 'rest POST /new-order, new order: 201 {"statusCode":201,"body":{"message":"Order … submitted successfully"}}',
    async run({ target, storeId, orderId }) {
      const id = orderId('rest-new');
      const answer = await rest(target, 'new-order', { store_id: storeId, order_id: id, user_id: 'smoke-rest', grand_total: 110.0 });
      expectAnswer(answer, 201, { statusCode: 201, body: { message: `Order ${id} submitted successfully` } });
    },
  },
  {
    name: 'rest POST /new-order, order exists: 400 {"statusCode":400,"error":"The conditional request failed"}',
    async run({ target, storeId, orderId }) {
      const order = { store_id: storeId, order_id: orderId('rest-dup'), user_id: 'smoke-rest-dup', grand_total: 5 };
      expectAnswer(await rest(target, 'new-order', order), 201);
      expectAnswer(await rest(target, 'new-order', { ...order, grand_total: 6 }), 400, {
        statusCode: 400,
        error: 'The conditional request failed',
      });
    },
  },
  {
    name: "rest POST /user-orders, has orders: 200, the 5 newest with exactly the seed's fields",
    async run({ target, storeId, orderId }) {
      const ids: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const id = orderId('rest-list');
        ids.push(id);
        expectAnswer(
          await rest(target, 'new-order', { store_id: storeId, order_id: id, user_id: 'smoke-rest-list', grand_total: i + 0.25 }),
          201,
        );
      }
      const answer = await rest(target, 'user-orders', { user_id: 'smoke-rest-list', store_id: storeId });
      expectAnswer(answer, 200);
      expectEqual(answer.json?.statusCode, 200, 'statusCode');
      expectEqual(answer.json?.body, { message: 'Orders retrieved successfully' }, 'body');
      expectEqual(Object.keys(answer.json ?? {}).sort(), ['body', 'orders', 'statusCode'], 'keys');
      const orders = answer.json.orders as Record<string, unknown>[];
      expectEqual(orders.length, 5, 'orders returned');
      for (const o of orders) expectEqual(Object.keys(o).sort(), SEED_FIELDS, `fields of ${String(o.order_id)}`);
      const ms = (o: Record<string, unknown>): number => Number(String(o.timestamp).split('#')[1]);
      for (let i = 1; i < orders.length; i += 1) expectThat(ms(orders[i - 1]!) >= ms(orders[i]!), 'orders are not newest first');
      // The five newest: the first order created is the one left out (unless two share a millisecond).
      expectThat(
        orders.every((o) => ids.includes(String(o.order_id))),
        'orders of another user or store',
      );
    },
  },
  {
    name: 'rest POST /user-orders, no orders: 400 {"statusCode":400,"error":"User … has no orders yet !"}',
    async run({ target, storeId }) {
      const answer = await rest(target, 'user-orders', { user_id: 'smoke-rest-nobody', store_id: storeId });
      expectAnswer(answer, 400, { statusCode: 400, error: 'User smoke-rest-nobody has no orders yet !' });
    },
  },
  ...(
    [
      ['bad JSON', '{"store_id": "x", ', 'body'],
      ['a missing user_id', { order_id: 'missing-user', grand_total: 1 }, 'user_id'],
      ['grand_total as a string', { order_id: 'string-total', user_id: 'smoke-rest-bad', grand_total: 'abc' }, 'grand_total'],
      ["'#' in order_id", { order_id: 'smoke#bad', user_id: 'smoke-rest-bad', grand_total: 1 }, 'order_id'],
      ['a negative grand_total', { order_id: 'negative-total', user_id: 'smoke-rest-bad', grand_total: -1 }, 'grand_total'],
    ] as const
  ).map(([what, body, field]): Check => ({
    name: `rest POST /new-order with ${what}: 400 {"statusCode":400,"error":…${field}…}, nothing written`,
    async run({ target, storeId }) {
      const sent = typeof body === 'string' ? body : { store_id: storeId, ...body };
      const answer = await rest(target, 'new-order', sent);
      expectAnswer(answer, 400);
      expectEqual(Object.keys(answer.json ?? {}), ['statusCode', 'error'], 'body keys');
      expectEqual(answer.json.statusCode, 400, 'statusCode');
      expectThat(String(answer.json.error).includes(field), `error ${JSON.stringify(answer.json.error)} does not name ${field}`);
      const list = dataOf<{ items: Order[] }>(
        await graphql(target, USER_ORDERS, { store_id: storeId, user_id: 'smoke-rest-bad' }),
        'userOrders',
      );
      expectEqual(list.items, [], 'orders written by refused requests');
    },
  })),
  {
    name: 'rest POST /user-orders with a missing store_id: 400 naming store_id',
    async run({ target }) {
      const answer = await rest(target, 'user-orders', { user_id: 'smoke-rest' });
      expectAnswer(answer, 400);
      expectEqual(answer.json?.statusCode, 400, 'statusCode');
      expectThat(String(answer.json?.error).includes('store_id'), `error ${JSON.stringify(answer.json?.error)} does not name store_id`);
    },
  },
];

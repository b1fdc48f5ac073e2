/** createOrder: a new order is stored and returned; a duplicate is refused and changes nothing; concurrent creates: one wins. */
import type { Check } from '../check.js';
import { dataOf, expectEqual, expectGraphQLError, expectThat } from '../expect.js';
import { graphql } from '../http.js';
import { CREATE_ORDER, USER_ORDERS, type Order } from '../operations.js';

const DUPLICATE_TYPE = 'DynamoDB:ConditionalCheckFailedException';
const DUPLICATE_MESSAGE = 'The conditional request failed';

export const graphqlCreateOrderChecks: Check[] = [
  {
    name: 'graphql createOrder stores a new order and returns it with timestamp and created_at',
    async run({ target, storeId, orderId }) {
      const input = { store_id: storeId, order_id: orderId('create'), user_id: 'smoke-user', grand_total: 110 };
      const before = Date.now();
      const order = dataOf<Order>(await graphql(target, CREATE_ORDER, { input }), 'createOrder');
      expectEqual(
        { ...order, timestamp: undefined, created_at: undefined },
        { ...input, timestamp: undefined, created_at: undefined },
        'stored fields',
      );
      const match = /^smoke-user#(\d+)$/.exec(order.timestamp);
      expectThat(match !== null, `timestamp ${order.timestamp} is not <user_id>#<epoch ms>`);
      const ms = Number(match[1]);
      expectThat(Math.abs(ms - before) < 10 * 60_000, `timestamp ${ms} is not near now (${before}): check the clocks`);
      expectEqual(order.created_at, new Date(ms).toISOString(), 'created_at (the same instant as timestamp)');

      // Read-your-writes: the very next userOrders has it.
      const list = dataOf<{ items: Order[] }>(
        await graphql(target, USER_ORDERS, { store_id: storeId, user_id: 'smoke-user' }),
        'userOrders',
      );
      expectThat(
        list.items.some((o) => o.order_id === input.order_id),
        `userOrders right after createOrder misses ${input.order_id}`,
      );
    },
  },
  {
    name: 'graphql createOrder of an existing order: null, ConditionalCheckFailedException, stored order unchanged',
    async run({ target, storeId, orderId }) {
      const input = { store_id: storeId, order_id: orderId('duplicate'), user_id: 'smoke-dup', grand_total: 10 };
      const first = dataOf<Order>(await graphql(target, CREATE_ORDER, { input }), 'createOrder');
      const again = await graphql(target, CREATE_ORDER, { input: { ...input, user_id: 'smoke-dup-other', grand_total: 99 } });
      expectGraphQLError(again, 'createOrder', DUPLICATE_TYPE, DUPLICATE_MESSAGE);
      const list = dataOf<{ items: Order[] }>(
        await graphql(target, USER_ORDERS, { store_id: storeId, user_id: 'smoke-dup' }),
        'userOrders',
      );
      expectEqual(list.items, [first], 'the stored order after the duplicate');
      const other = dataOf<{ items: Order[] }>(
        await graphql(target, USER_ORDERS, { store_id: storeId, user_id: 'smoke-dup-other' }),
        'userOrders',
      );
      expectEqual(other.items, [], "the duplicate's user has no order");
    },
  },
  {
    name: 'graphql 8 concurrent creates of one order: exactly one succeeds',
    async run({ target, storeId, orderId }) {
      const id = orderId('race');
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          graphql(target, CREATE_ORDER, { input: { store_id: storeId, order_id: id, user_id: 'smoke-race', grand_total: i } }),
        ),
      );
      const won = answers.filter((a) => a.json?.data?.createOrder);
      expectEqual(won.length, 1, 'successful creates');
      for (const lost of answers.filter((a) => !a.json?.data?.createOrder))
        expectGraphQLError(lost, 'createOrder', DUPLICATE_TYPE, DUPLICATE_MESSAGE);
    },
  },
];

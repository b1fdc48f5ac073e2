/** Input the contract refuses: a ValidationError naming the field, and nothing written. */
import type { Check } from '../check.js';
import { dataOf, expectEqual, expectGraphQLError } from '../expect.js';
import { graphql } from '../http.js';
import { CREATE_ORDER, USER_ORDERS, type Order } from '../operations.js';

const cases: { what: string; field: string; change: Record<string, unknown> }[] = [
  { what: 'grand_total below 0', field: 'grand_total', change: { grand_total: -1 } },
  { what: 'grand_total above 1e12', field: 'grand_total', change: { grand_total: 1e13 } },
  { what: "'#' in store_id", field: 'store_id', change: { store_id: 'smoke#bad' } },
  { what: 'an empty order_id', field: 'order_id', change: { order_id: '' } },
  { what: 'a control character in user_id', field: 'user_id', change: { user_id: 'smoke\u0001user' } },
  { what: 'no user_id (API key caller)', field: 'user_id', change: { user_id: undefined } },
];

export const graphqlBadInputChecks: Check[] = [
  ...cases.map(({ what, field, change }): Check => ({
    name: `graphql createOrder with ${what}: ValidationError naming ${field}, nothing written`,
    async run({ target, storeId, orderId }) {
      const input = { store_id: storeId, order_id: orderId('bad'), user_id: 'smoke-bad', grand_total: 1, ...change };
      expectGraphQLError(await graphql(target, CREATE_ORDER, { input }), 'createOrder', 'ValidationError', new RegExp(field));
      const list = dataOf<{ items: Order[] }>(
        await graphql(target, USER_ORDERS, { store_id: storeId, user_id: 'smoke-bad' }),
        'userOrders',
      );
      expectEqual(list.items, [], 'orders of the refused user');
    },
  })),
  {
    name: 'graphql userOrders with limit 0 or 51: ValidationError',
    async run({ target, storeId }) {
      for (const limit of [0, 51]) {
        expectGraphQLError(
          await graphql(target, USER_ORDERS, { store_id: storeId, user_id: 'smoke-user', limit }),
          'userOrders',
          'ValidationError',
          /limit/,
        );
      }
    },
  },
];

/**
 * onCreateOrder over AppSync's real-time endpoint: a subscriber to this run's store sees an order
 * created through GraphQL and one created through POST /new-order, with every Order field. In
 * AppSync a subscriber gets what the triggering mutation selected, so the REST shim's mutation must
 * select every field for its orders to arrive whole.
 */
import type { Check, SmokeContext } from '../check.js';
import { dataOf, expectEqual } from '../expect.js';
import { graphql, rest } from '../http.js';
import { CREATE_ORDER, ON_CREATE_ORDER, type Order } from '../operations.js';
import { subscribe } from '../realtimeSubscriber.js';

const DELIVERY_TIMEOUT_MS = 15_000;

async function expectDelivered(
  context: SmokeContext,
  create: (order: { store_id: string; order_id: string; user_id: string; grand_total: number }) => Promise<void>,
): Promise<void> {
  const user = 'smoke-subscriber';
  const subscriber = await subscribe(context.target, ON_CREATE_ORDER, { store_id: context.storeId });
  try {
    const order = { store_id: context.storeId, order_id: context.orderId('live'), user_id: user, grand_total: 42.5 };
    await create(order);
    const event = await subscriber.waitFor((e) => e.data?.onCreateOrder?.order_id === order.order_id, DELIVERY_TIMEOUT_MS);
    const got = event.data.onCreateOrder as Order;
    expectEqual(
      { store_id: got.store_id, order_id: got.order_id, user_id: got.user_id, grand_total: got.grand_total },
      order,
      'the delivered order',
    );
    expectEqual(
      typeof got.timestamp === 'string' && got.timestamp.startsWith(`${user}#`),
      true,
      `timestamp ${JSON.stringify(got.timestamp)}`,
    );
    expectEqual(
      typeof got.created_at === 'string' && !Number.isNaN(Date.parse(got.created_at)),
      true,
      `created_at ${JSON.stringify(got.created_at)}`,
    );
  } finally {
    subscriber.close();
  }
}

export const subscriptionChecks: Check[] = [
  {
    name: 'realtime onCreateOrder subscriber sees an order created through GraphQL',
    async run(context) {
      await expectDelivered(context, async (input) => {
        dataOf<Order>(await graphql(context.target, CREATE_ORDER, { input }), 'createOrder');
      });
    },
  },
  {
    name: 'realtime onCreateOrder subscriber sees an order created through POST /new-order',
    async run(context) {
      await expectDelivered(context, async (order) => {
        const answer = await rest(context.target, 'new-order', order);
        expectEqual(answer.status, 201, `POST /new-order status (${answer.text})`);
      });
    },
  },
];

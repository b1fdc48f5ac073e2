/** userOrders: newest first, paging visits every order once, user1 never sees user10's orders, tokens are checked. */
import type { Check } from '../check.js';
import { dataOf, expectEqual, expectThat, fail } from '../expect.js';
import { graphql } from '../http.js';
import { CREATE_ORDER, USER_ORDERS, type Order } from '../operations.js';
import type { SmokeContext } from '../check.js';

type Page = { items: Order[]; nextToken: string | null };

async function create(context: SmokeContext, user: string, count: number): Promise<Order[]> {
  const orders: Order[] = [];
  for (let i = 0; i < count; i += 1) {
    const input = { store_id: context.storeId, order_id: context.orderId(`${user}-order`), user_id: user, grand_total: i + 0.5 };
    orders.push(dataOf<Order>(await graphql(context.target, CREATE_ORDER, { input }), 'createOrder'));
  }
  return orders;
}

async function page(context: SmokeContext, user: string, limit: number, nextToken: string | null): Promise<Page> {
  return dataOf<Page>(
    await graphql(context.target, USER_ORDERS, { store_id: context.storeId, user_id: user, limit, nextToken }),
    'userOrders',
  );
}

const msOf = (order: Order): number => Number(order.timestamp.slice(order.timestamp.lastIndexOf('#') + 1));

export const graphqlUserOrdersChecks: Check[] = [
  {
    name: 'graphql userOrders pages user1 (7 orders, limit 3) newest first, each order once; user10 stays apart',
    async run(context) {
      const user1 = await create(context, 'user1', 7);
      const user10 = await create(context, 'user10', 2);
      const seen: Order[] = [];
      let token: string | null = null;
      for (let pages = 0; ; pages += 1) {
        if (pages > 5) fail('more than 5 pages for 7 orders at limit 3');
        const p: Page = await page(context, 'user1', 3, token);
        expectThat(p.items.length <= 3, `a page of ${p.items.length} orders at limit 3`);
        seen.push(...p.items);
        token = p.nextToken;
        if (token === null) break;
      }
      expectEqual(seen.map((o) => o.order_id).sort(), user1.map((o) => o.order_id).sort(), "user1's orders over all pages");
      for (let i = 1; i < seen.length; i += 1)
        expectThat(msOf(seen[i - 1]!) >= msOf(seen[i]!), `not newest first: ${seen[i - 1]!.timestamp} before ${seen[i]!.timestamp}`);
      expectThat(
        seen.every((o) => o.user_id === 'user1'),
        "user1's list holds another user's order",
      );
      const tenth = await page(context, 'user10', 50, null);
      expectEqual(tenth.items.map((o) => o.order_id).sort(), user10.map((o) => o.order_id).sort(), "user10's orders");
      expectEqual(tenth.nextToken, null, "user10's nextToken");
    },
  },
  {
    name: 'graphql userOrders of a user with no orders: items [] and nextToken null',
    async run(context) {
      expectEqual(await page(context, 'smoke-nobody', 5, null), { items: [], nextToken: null }, 'userOrders');
    },
  },
  {
    name: "graphql userOrders refuses an altered nextToken and another user's token, without data",
    async run(context) {
      await create(context, 'smoke-paged', 2);
      const first = await page(context, 'smoke-paged', 1, null);
      expectThat(first.nextToken !== null, 'no nextToken after 1 of 2 orders');
      const token = first.nextToken;
      const altered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      for (const [what, args] of [
        ['an altered token', { user_id: 'smoke-paged', nextToken: altered }],
        ['a made-up token', { user_id: 'smoke-paged', nextToken: 'not-a-token' }],
        ["another user's token", { user_id: 'user1', nextToken: token }],
      ] as const) {
        const answer = await graphql(context.target, USER_ORDERS, { store_id: context.storeId, limit: 1, ...args });
        expectEqual(answer.status, 200, `${what}: HTTP status`);
        expectThat(Array.isArray(answer.json?.errors) && answer.json.errors.length > 0, `${what}: no error: ${answer.text}`);
        expectEqual(answer.json?.data?.userOrders ?? null, null, `${what}: data.userOrders`);
      }
    },
  },
];

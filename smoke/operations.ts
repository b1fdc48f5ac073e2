/** The GraphQL documents the smoke suite sends: every Order field selected, as the contract's clients do. */
export const ORDER_FIELDS = 'store_id order_id user_id grand_total timestamp created_at';

export const CREATE_ORDER = `mutation SmokeCreate($input: CreateOrderInput!) { createOrder(input: $input) { ${ORDER_FIELDS} } }`;

export const USER_ORDERS = `query SmokeList($store_id: String!, $user_id: String!, $limit: Int, $nextToken: String) {
  userOrders(store_id: $store_id, user_id: $user_id, limit: $limit, nextToken: $nextToken) { items { ${ORDER_FIELDS} } nextToken }
}`;

export const ON_CREATE_ORDER = `subscription SmokeOnCreate($store_id: String!, $user_id: String) {
  onCreateOrder(store_id: $store_id, user_id: $user_id) { ${ORDER_FIELDS} }
}`;

export interface Order {
  store_id: string;
  order_id: string;
  user_id: string;
  grand_total: number;
  timestamp: string;
  created_at: string;
}

export interface OrderInput {
  store_id: string;
  order_id: string;
  user_id: string;
  grand_total: number;
}

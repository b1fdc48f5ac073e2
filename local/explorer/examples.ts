/**
 * What the explorer's editor holds on a first visit: one example of each operation, named so the
 * run button offers them all, and one variables object that serves each (GraphQL ignores variables
 * an operation does not declare). The explorer test checks these against schema.graphql.
 */
export const EXAMPLE_QUERY = `# Orders API explorer
#
# ▶ runs an operation (it asks which one);
# Ctrl-Enter runs the one under the cursor.
# Variables and the x-api-key header are below.
# An order can be created once: change "order_id"
# in the variables for each new order.
# OnCreateOrder shows each new order of that store
# and user as it is created, until you stop it (■).

mutation CreateOrder($input: CreateOrderInput!) {
  createOrder(input: $input) {
    store_id
    order_id
    user_id
    grand_total
    timestamp
    created_at
  }
}

query UserOrders(
  $store_id: String!
  $user_id: String
  $limit: Int
  $nextToken: String
) {
  userOrders(
    store_id: $store_id
    user_id: $user_id
    limit: $limit
    nextToken: $nextToken
  ) {
    items {
      store_id
      order_id
      user_id
      grand_total
      timestamp
      created_at
    }
    nextToken
  }
}

subscription OnCreateOrder($store_id: String!, $user_id: String) {
  onCreateOrder(store_id: $store_id, user_id: $user_id) {
    store_id
    order_id
    user_id
    grand_total
    timestamp
    created_at
  }
}
`;

export const EXAMPLE_VARIABLES = `{
  "input": {
    "store_id": "store1",
    "order_id": "order01",
    "user_id": "user1",
    "grand_total": 110.0
  },
  "store_id": "store1",
  "user_id": "user1",
  "limit": 5,
  "nextToken": null
}`;

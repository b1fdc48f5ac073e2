/**
 * What the explorer's editor holds on a first visit: one example of each operation, named so the
 * run button offers them all, and one variables object that serves each (GraphQL ignores variables
 * an operation does not declare). The operations are definitions/operations/*.graphql, the same
 * files the tests and their generated types use; the explorer test checks them against schema.graphql.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../definitions/paths.js';

const operationsDir = join(projectRoot, 'definitions', 'operations');
/** The operations the tests and the generated types use (definitions/operations/), in this order. */
const OPERATION_FILES = ['createOrder.graphql', 'userOrders.graphql', 'onCreateOrder.graphql'];

const GUIDE = `# Orders API explorer
#
# ▶ runs an operation (it asks which one);
# Ctrl-Enter runs the one under the cursor.
# Variables and the x-api-key header are below.
# An order can be created once: change "order_id"
# in the variables for each new order.
# OnCreateOrder shows each new order of that store
# and user as it is created, until you stop it (■).
`;

export const EXAMPLE_QUERY = [GUIDE, ...OPERATION_FILES.map((name) => readFileSync(join(operationsDir, name), 'utf8'))].join('\n');

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

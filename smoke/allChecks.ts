/** Every smoke check, in the order they run. */
import type { Check } from './check.js';
import { graphqlBadInputChecks } from './checks/graphqlBadInput.js';
import { graphqlCreateOrderChecks } from './checks/graphqlCreateOrder.js';
import { graphqlUserOrdersChecks } from './checks/graphqlUserOrders.js';
import { restShimChecks } from './checks/restShims.js';
import { subscriptionChecks } from './checks/subscriptions.js';
import { wrongKeyChecks } from './checks/wrongKeys.js';

export const allChecks: readonly Check[] = [
  ...graphqlCreateOrderChecks,
  ...graphqlUserOrdersChecks,
  ...graphqlBadInputChecks,
  ...subscriptionChecks,
  ...restShimChecks,
  ...wrongKeyChecks,
];

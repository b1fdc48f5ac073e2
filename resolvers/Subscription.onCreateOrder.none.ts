import { extensions, util, type Context, type NONERequest } from '@aws-appsync/utils';
import { actingUserId } from './lib/owner';
import { firstProblem, idProblem } from './lib/validation';
// Generated from schema.graphql (npm run codegen).
import type { SubscriptionOnCreateOrderArgs as Args } from './generated/schema';

/** What the request hands the response through the NONE data source (ctx.result). */
type Subscribed = { user_id: string | null };

/**
 * onCreateOrder, on a NONE data source: runs once when a client subscribes (not per event).
 * The request applies the owner rules (lib/owner.ts: a signed-in user subscribes to their own
 * orders only; an omitted user_id becomes their name) and checks the arguments; the response turns
 * them into an enhanced subscription filter, so AppSync itself drops orders of other stores (and of
 * other users, when there is a user_id).
 * The filter must be set in the response: AppSync honours extensions.setSubscriptionFilter only
 * in the response handler of a subscription resolver
 * (https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html).
 */
export function request(ctx: Context<Args>): NONERequest {
  const { store_id } = ctx.args;
  // Optional for every caller: omitted by an API-key, IAM or admin caller, it means every user.
  const user_id = actingUserId(ctx.identity, ctx.args.user_id, false);
  const problem = firstProblem([idProblem('store_id', store_id), user_id === null ? null : idProblem('user_id', user_id)]);
  if (problem !== null) {
    util.error(problem, 'ValidationError');
  }
  const subscribed: Subscribed = { user_id };
  return { payload: subscribed };
}

/** A subscription resolver's result at subscribe time is not sent to anyone: null. */
export function response(ctx: Context<Args>): null {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const { user_id } = ctx.result as Subscribed;
  const filter: Record<string, { eq: string }> = { store_id: { eq: ctx.args.store_id } };
  if (user_id !== null) {
    filter.user_id = { eq: user_id };
  }
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
}

import { extensions, util, type Context, type NONERequest } from '@aws-appsync/utils';
import { firstProblem, idProblem } from './lib/validation';

type Args = { store_id: string; user_id?: string | null };

/**
 * onCreateOrder, on a NONE data source: runs once when a client subscribes (not per event).
 * The request checks the arguments; the response turns them into an enhanced subscription filter,
 * so AppSync itself drops orders of other stores (and of other users, when user_id is given).
 * The filter must be set in the response: AppSync honours extensions.setSubscriptionFilter only
 * in the response handler of a subscription resolver
 * (https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html).
 */
export function request(ctx: Context<Args>): NONERequest {
  const { store_id, user_id } = ctx.args;
  const problem = firstProblem([
    idProblem('store_id', store_id),
    user_id === undefined || user_id === null ? null : idProblem('user_id', user_id),
  ]);
  if (problem !== null) {
    util.error(problem, 'ValidationError');
  }
  return { payload: null };
}

/** A subscription resolver's result at subscribe time is not sent to anyone: null. */
export function response(ctx: Context<Args>): null {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const { store_id, user_id } = ctx.args;
  const filter: Record<string, { eq: string }> = { store_id: { eq: store_id } };
  if (user_id !== undefined && user_id !== null) {
    filter.user_id = { eq: user_id };
  }
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
}

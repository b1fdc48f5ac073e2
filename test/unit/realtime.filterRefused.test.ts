/**
 * A subscription resolver's enhanced filter that AppSync refuses: the `start` is answered with an
 * `error` whose entry is `{message, errorCode: 400}`, in AppSync's words, and nothing is registered.
 * Sources (AppSync's answers as AWS's own clients record them):
 * - `subscription filter has invalid filter value for operator \`containsAny\`.` with errorCode 400
 *   for a containsAny over an empty list (aws-amplify/amplify-android#2578, aws-amplify/amplify-swift#3134);
 * - the prefixes amplify-js (datastore subscription.ts, catchRTFError) and amplify-swift (RTFError)
 *   match: `Filters exceed maximum attributes limit` (more than 5 different fieldNames: "Filters exceed
 *   maximum attributes limit 5 for subscription", aws-amplify/amplify-flutter#6142),
 *   `Filters combination exceed maximum limit` (too many filter groups), `filter uses same fieldName
 *   multiple time` (one fieldName twice in a group).
 */
import { describe, expect, it } from 'vitest';
import { apiKeyCaller } from '../../local/engine/caller.js';
import { noneDataSource } from '../../local/engine/dataSources/none.js';
import { Executor, type BoundResolver } from '../../local/engine/executor.js';
import { loadResolverSource } from '../../local/engine/runtime/loadResolver.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { SubscriptionPreparer } from '../../local/engine/realtime/subscribe.js';

const schemas = loadSchemas();
const QUERY = 'subscription { onCreateOrder(store_id: "s1") { order_id } }';

type Filter = { fieldName: string; operator: string; value: unknown };
const f = (fieldName: string, operator: string, value: unknown): Filter => ({ fieldName, operator, value });

/** A Subscription.onCreateOrder resolver whose response sets this filter. */
function preparerSetting(filterGroup: Filter[][]): SubscriptionPreparer {
  const filter = JSON.stringify({ filterGroup: filterGroup.map((filters) => ({ filters })) });
  const source = [
    "import { extensions } from '@aws-appsync/utils';",
    'export function request(ctx) { return { payload: null }; }',
    `export function response(ctx) { extensions.setSubscriptionFilter(${filter}); return null; }`,
  ].join('\n');
  const bound: BoundResolver = {
    typeName: 'Subscription',
    fieldName: 'onCreateOrder',
    resolver: loadResolverSource(source, 'Subscription.onCreateOrder.test'),
    dataSource: noneDataSource,
  };
  return new SubscriptionPreparer(new Executor(schemas, [bound]), [bound]);
}

async function answer(filterGroup: Filter[][]): Promise<unknown> {
  return preparerSetting(filterGroup).prepare({ query: QUERY }, apiKeyCaller({}));
}

const refused = (message: string) => ({ errors: [{ message, errorCode: 400 }] });

describe('a filter AppSync refuses is answered in its words, {message, errorCode: 400}', () => {
  it('containsAny over an empty list (recorded)', async () => {
    expect(await answer([[f('store_id', 'eq', 's1'), f('tags', 'containsAny', [])]])).toEqual(
      refused('subscription filter has invalid filter value for operator `containsAny`.'),
    );
  });

  it('a value that does not fit its operator: the same sentence naming the operator', async () => {
    expect(await answer([[f('store_id', 'in', 's1')]])).toEqual(refused('subscription filter has invalid filter value for operator `in`.'));
    expect(await answer([[f('total', 'between', [1])]])).toEqual(
      refused('subscription filter has invalid filter value for operator `between`.'),
    );
  });

  it('more than 5 different fieldNames in the whole filter', async () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'g'];
    expect(await answer(six.map((name) => [f(name, 'eq', 1)]))).toEqual(
      refused('Filters exceed maximum attributes limit 5 for subscription'),
    );
    // Five different names spread over groups, each repeated: accepted.
    const five = ['a', 'b', 'c', 'd', 'e'];
    expect(await answer([five.map((name) => f(name, 'eq', 1)), five.map((name) => f(name, 'ne', 2))])).toMatchObject({
      subscription: { fieldName: 'onCreateOrder' },
    });
  });

  it('more than 10 filter groups', async () => {
    const groups = Array.from({ length: 11 }, (_, i) => [f('store_id', 'eq', `s${i}`)]);
    expect(await answer(groups)).toEqual(refused('Filters combination exceed maximum limit 10 for subscription'));
    expect(await answer(groups.slice(0, 10))).toMatchObject({ subscription: { fieldName: 'onCreateOrder' } });
  });

  it('one fieldName twice in a group', async () => {
    expect(await answer([[f('total', 'gt', 1), f('total', 'lt', 9)]])).toEqual(refused('filter uses same fieldName multiple time'));
  });
});

/**
 * One unit resolver runner for queries, mutations and subscriptions: small resolvers run through
 * the real executor, the REST shims' AppSync integration and the subscription preparer, checking
 * what AppSync documents — util.authType() and ctx.identity per caller
 * (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-util-js.html,
 * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html),
 * util.unauthorized()'s message, earlyReturn/appendError/ctx.error, and that
 * extensions.setSubscriptionFilter counts only in a subscription's response handler
 * (https://docs.aws.amazon.com/appsync/latest/devguide/extensions-js.html).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { listResolvers } from '../../definitions/resolverWiring.js';
import { apiKeyCaller } from '../../local/engine/caller.js';
import type { DataSourceOutcome } from '../../local/engine/dataSources/dataSource.js';
import { noneDataSource } from '../../local/engine/dataSources/none.js';
import { Executor, type BoundResolver, type DataSource } from '../../local/engine/executor.js';
import { loadResolverFile, loadResolverSource } from '../../local/engine/runtime/loadResolver.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { SubscriptionPreparer } from '../../local/engine/realtime/subscribe.js';
import { REST_SHIMS_ROLE_NAME, callAppSync } from '../../local/rest/appsyncIntegration.js';

const schemas = loadSchemas();

const bind = (typeName: string, fieldName: string, source: string, dataSource: DataSource = noneDataSource): BoundResolver => ({
  typeName,
  fieldName,
  resolver: loadResolverSource(source, `${typeName}.${fieldName}.test`),
  dataSource,
});

/** createOrder answering with what the runtime told it: util.authType() and ctx.identity. */
const WHO_AM_I = `
import { util } from '@aws-appsync/utils';
export function request(ctx) {
  if (ctx.args.input.order_id === 'deny') {
    util.unauthorized();
  }
  return { payload: { order_id: util.authType(), user_id: JSON.stringify(ctx.identity) } };
}
export function response(ctx) {
  return ctx.result;
}
`;
const WHO_QUERY = 'mutation($input: CreateOrderInput!) { createOrder(input: $input) { order_id user_id } }';
const input = (order_id: string) => ({ store_id: 's1', order_id, user_id: 'u1', grand_total: 1 });

describe('util.authType(), ctx.identity and util.unauthorized() per caller', () => {
  const executor = new Executor(schemas, [bind('Mutation', 'createOrder', WHO_AM_I)]);

  it('an API-key caller: "API Key Authorization" and ctx.identity null', async () => {
    const res = await executor.execute({ query: WHO_QUERY, variables: { input: input('o1') } }, apiKeyCaller({}));
    expect(res).toEqual({ data: { createOrder: { order_id: 'API Key Authorization', user_id: 'null' } } });
  });

  it('the REST shims (AWS_IAM): "IAM Authorization" and AppSync’s IAM identity object', async () => {
    const res = await callAppSync(executor, JSON.stringify({ query: WHO_QUERY, variables: { input: input('o1') } }), {});
    expect(res.errors).toBeUndefined();
    const created = (res.data as { createOrder: { order_id: string; user_id: string } }).createOrder;
    expect(created.order_id).toBe('IAM Authorization');
    const identity = JSON.parse(created.user_id) as Record<string, unknown>;
    expect(Object.keys(identity).sort()).toEqual(
      [
        'accountId',
        'cognitoIdentityAuthProvider',
        'cognitoIdentityAuthType',
        'cognitoIdentityId',
        'cognitoIdentityPoolId',
        'sourceIp',
        'userArn',
        'username',
      ].sort(),
    );
    expect(identity.userArn).toContain(`assumed-role/${REST_SHIMS_ROLE_NAME}/`);
    expect(identity.sourceIp).toEqual(['127.0.0.1']);
  });

  it('util.unauthorized() names the field as AppSync does', async () => {
    const res = await executor.execute({ query: WHO_QUERY, variables: { input: input('deny') } }, apiKeyCaller({}));
    expect(res.data).toEqual({ createOrder: null });
    expect(res.errors).toEqual([
      expect.objectContaining({
        errorType: 'Unauthorized',
        message: 'Not Authorized to access createOrder on type Mutation',
        path: ['createOrder'],
      }),
    ]);
  });
});

describe('AppSync’s unit-resolver rules', () => {
  const counting = (outcome: DataSourceOutcome): DataSource & { calls: number } => {
    const ds = {
      calls: 0,
      async invoke() {
        ds.calls += 1;
        return outcome;
      },
    };
    return ds;
  };

  it('earlyReturn in the request skips the data source and the response handler', async () => {
    const ds = counting({ result: null });
    const executor = new Executor(schemas, [
      bind(
        'Mutation',
        'createOrder',
        `
import { util, runtime } from '@aws-appsync/utils';
export function request(ctx) {
  util.appendError('noted', 'Note');
  runtime.earlyReturn({ order_id: 'early', user_id: 'u' });
  return {};
}
export function response(ctx) {
  util.error('the response must not run');
}
`,
        ds,
      ),
    ]);
    const res = await executor.execute({ query: WHO_QUERY, variables: { input: input('o1') } }, apiKeyCaller({}));
    expect(ds.calls).toBe(0);
    expect(res.data).toEqual({ createOrder: { order_id: 'early', user_id: 'u' } });
    expect(res.errors).toEqual([expect.objectContaining({ message: 'noted', errorType: 'Note', path: ['createOrder'] })]);
  });

  it('a data source error is ctx.error, not raised by itself; appendError from both handlers is collected', async () => {
    const ds = counting({ error: { message: 'boom', type: 'DynamoDB:SomethingException' } });
    const executor = new Executor(schemas, [
      bind(
        'Mutation',
        'createOrder',
        `
import { util } from '@aws-appsync/utils';
export function request(ctx) {
  util.appendError('from request');
  return { payload: null };
}
export function response(ctx) {
  util.appendError('from response: ' + ctx.error.type);
  return { order_id: 'kept', user_id: ctx.error.message };
}
`,
        ds,
      ),
    ]);
    const res = await executor.execute({ query: WHO_QUERY, variables: { input: input('o1') } }, apiKeyCaller({}));
    expect(ds.calls).toBe(1);
    expect(res.data).toEqual({ createOrder: { order_id: 'kept', user_id: 'boom' } });
    expect(res.errors?.map((e) => e.message)).toEqual(['from request', 'from response: DynamoDB:SomethingException']);
  });

  it('subscribers are notified with the mutation field’s response as the client got it (aliases included)', async () => {
    const executor = new Executor(schemas, [bind('Mutation', 'createOrder', WHO_AM_I)]);
    const events: unknown[] = [];
    executor.onMutation(({ fieldName, payload }) => events.push({ fieldName, payload }));
    await executor.execute(
      {
        query: 'mutation($input: CreateOrderInput!) { made: createOrder(input: $input) { id: order_id } }',
        variables: { input: input('o1') },
      },
      apiKeyCaller({}),
    );
    expect(events).toEqual([{ fieldName: 'createOrder', payload: { id: 'API Key Authorization' } }]);
    await executor.execute({ query: WHO_QUERY, variables: { input: input('deny') } }, apiKeyCaller({}));
    expect(events).toHaveLength(1);
  });
});

describe('extensions.setSubscriptionFilter: only in the response handler of a subscription resolver', () => {
  afterEach(() => vi.restoreAllMocks());
  const SUBSCRIBE = { query: 'subscription { onCreateOrder(store_id: "s1") { order_id } }' };
  const byTotal = 'util.transform.toSubscriptionFilter({ grand_total: { gt: 100 } })';
  const preparerWith = (source: string) => {
    const bound = [bind('Subscription', 'onCreateOrder', source)];
    return new SubscriptionPreparer(new Executor(schemas, bound), bound);
  };

  it('in the request handler it is ignored (basic argument filtering applies) and a warning says why', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const preparer = preparerWith(`
import { util, extensions } from '@aws-appsync/utils';
export function request(ctx) {
  extensions.setSubscriptionFilter(${byTotal});
  return { payload: null };
}
export function response(ctx) {
  return null;
}
`);
    const outcome = await preparer.prepare(SUBSCRIBE, apiKeyCaller({}));
    expect(outcome).toMatchObject({
      subscription: { filter: { filterGroup: [{ filters: [{ fieldName: 'store_id', operator: 'eq', value: 's1' }] }] } },
    });
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('extensions.setSubscriptionFilter called in the request handler of Subscription.onCreateOrder'),
    );
  });

  it('in the response handler it is the subscription’s filter', async () => {
    const warn = vi.spyOn(console, 'warn');
    const preparer = preparerWith(`
import { util, extensions } from '@aws-appsync/utils';
export function request(ctx) {
  return { payload: null };
}
export function response(ctx) {
  extensions.setSubscriptionFilter(${byTotal});
  return null;
}
`);
    const outcome = await preparer.prepare(SUBSCRIBE, apiKeyCaller({}));
    expect(outcome).toMatchObject({
      subscription: { filter: { filterGroup: [{ filters: [{ fieldName: 'grand_total', operator: 'gt', value: 100 }] }] } },
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('in a mutation’s response it is ignored too', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const executor = new Executor(schemas, [
      bind(
        'Mutation',
        'createOrder',
        `
import { util, extensions } from '@aws-appsync/utils';
export function request(ctx) {
  return { payload: { order_id: 'o', user_id: 'u' } };
}
export function response(ctx) {
  extensions.setSubscriptionFilter(${byTotal});
  return ctx.result;
}
`,
      ),
    ]);
    await executor.execute({ query: WHO_QUERY, variables: { input: input('o1') } }, apiKeyCaller({}));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('response handler of Mutation.createOrder'));
  });
});

describe('resolvers/Subscription.onCreateOrder.none.ts', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sets its filter in the response handler, where AppSync applies it (no warning, the response’s filter)', async () => {
    const warn = vi.spyOn(console, 'warn');
    const wiring = listResolvers().find((w) => w.typeName === 'Subscription' && w.fieldName === 'onCreateOrder')!;
    const resolver = loadResolverFile(bundlePathOf(wiring.name), wiring.name);
    const ctx = {
      args: { store_id: 's1', user_id: 'u1' },
      arguments: { store_id: 's1', user_id: 'u1' },
      info: { parentTypeName: 'Subscription', fieldName: 'onCreateOrder' },
    };
    const req = resolver.call('request', ctx);
    expect(req.state.subscriptionFilter).toBeUndefined();
    // The NONE data source hands the request's payload to the response as ctx.result.
    const res = resolver.call('response', { ...ctx, result: req.kind === 'value' ? (req.value as { payload: unknown }).payload : null });
    expect(res.state.subscriptionFilter).toEqual({
      filterGroup: [
        {
          filters: [
            { fieldName: 'store_id', operator: 'eq', value: 's1' },
            { fieldName: 'user_id', operator: 'eq', value: 'u1' },
          ],
        },
      ],
    });
    expect(warn).not.toHaveBeenCalled();
  });
});

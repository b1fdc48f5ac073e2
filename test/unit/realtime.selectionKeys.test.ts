/**
 * Issue 24, defect 8, in the resolver: createOrder refuses a selection that puts another field's
 * value under an Order field's name (resolvers/lib/selectionKeys.ts), reading only what AppSync's
 * ctx.info shows — selectionSetGraphQL (aliases as written, named fragments as bare spreads) and
 * selectionSetList (aliased fields by their alias only,
 * https://docs.aws.amazon.com/appsync/latest/devguide/resolver-context-reference-js.html).
 * The helper on its own, then the deployed bundle through the real executor with a data source
 * that records every request: a refused selection never reaches it.
 */
import { describe, expect, it } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { apiKeyCaller } from '../../local/engine/caller.js';
import type { DataSource } from '../../local/engine/dataSources/dataSource.js';
import { Executor } from '../../local/engine/executor.js';
import { loadResolverFile } from '../../local/engine/runtime/loadResolver.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { forgedKeyProblem, selectionTokens } from '../../resolvers/lib/selectionKeys.js';

const ORDER = ['store_id', 'order_id', 'user_id', 'grand_total', 'timestamp', 'created_at'];
const info = (selectionSetGraphQL: string, selectionSetList: string[] = []) => ({
  fieldName: 'createOrder',
  parentTypeName: 'Mutation',
  variables: {},
  selectionSetGraphQL,
  selectionSetList,
});
const problem = (text: string, list?: string[]) => forgedKeyProblem(info(text, list), 'Order', ORDER);

describe('forgedKeyProblem', () => {
  it('accepts plain selections, aliases to new names and aliases of a field to its own name', () => {
    expect(problem('{\n  store_id\n  order_id\n  user_id\n}')).toBeNull();
    expect(problem('{ id: order_id uid: user_id, total: grand_total }')).toBeNull();
    expect(problem('{ user_id: user_id store_id }')).toBeNull();
    expect(problem('{ __typename kind: __typename ... on Order { uid: user_id } }')).toBeNull();
  });

  it('refuses an Order field name given to another field, wherever it is written', () => {
    for (const text of [
      '{ user_id: order_id }',
      '{ store_id user_id:order_id }',
      '{\n  user_id :\n    order_id\n}',
      '{ ... on Order { user_id: order_id } }',
      '{ ... @include(if: true) { timestamp: created_at } }',
      '{ user_id: order_id @include(if: $yes) }',
      '{ grand_total: __typename }',
      // AppSync's documented example prints the field itself with its arguments.
      '{\n  made: createOrder(input: {store_id: "s", order_id: "alice"}) {\n    user_id: order_id\n  }\n}',
    ]) {
      expect(problem(text), text).toMatch(/^the selection must not name another field after the Order field \w+ \(\w+: \w+\)/);
    }
    expect(problem('{ user_id: order_id }')).toContain('(user_id: order_id)');
  });

  it('does not read arguments, strings or comments as selections', () => {
    expect(problem('{ createOrder(input: {user_id: "a: b", order_id: "x) y { z"}) { order_id } }')).toBeNull();
    expect(problem('{ createOrder(input: {order_id: """ ") user_id: order_id ( " """}) { order_id } }')).toBeNull();
    expect(problem('{ createOrder(input: {order_id: "\\" ) user_id: order_id"}) { order_id } }')).toBeNull();
    expect(problem('{ order_id # user_id: order_id\n store_id }')).toBeNull();
    // …but what follows them still is.
    expect(problem('{ createOrder(input: {order_id: "a)"}) { user_id: order_id } }')).not.toBeNull();
    expect(problem('{ order_id # a comment\n user_id: order_id }')).not.toBeNull();
  });

  it('refuses an Order field that only a named fragment can have produced (its alias unseen)', () => {
    // ctx.info for `{ ...F }` with `fragment F on Order { user_id: order_id }`: the list names the alias only.
    expect(problem('{\n  ...F\n}', ['user_id'])).toBe(
      "the selection must not take the Order field user_id from the named fragment F, whose aliases a resolver cannot see: select Order's fields directly or in an inline fragment",
    );
    expect(problem('{ order_id ...F }', ['order_id', 'store_id'])).toContain('field store_id from the named fragment F');
    // A named fragment adding only names that are not Order fields, or fields also selected openly: fine.
    expect(problem('{ order_id user_id ...F }', ['order_id', 'user_id', 'uid'])).toBeNull();
  });

  it('fails closed on a selection it cannot read, and has nothing to check without one', () => {
    expect(problem('{ order_id(x: "unterminated }')).toBe('the selection set could not be read');
    expect(problem('{ order_id(x: 1)) }')).toBe('the selection set could not be read');
    expect(problem('{ .. user_id }')).toBe('the selection set could not be read');
    expect(forgedKeyProblem(undefined, 'Order', ORDER)).toBeNull();
    expect(selectionTokens('{ a: b(c: "d") ... on T { e } ...F @x }')).toEqual([
      '{',
      'a',
      ':',
      'b',
      '...',
      'on',
      'T',
      '{',
      'e',
      '}',
      '...',
      'F',
      '@',
      'x',
      '}',
    ]);
  });
});

describe('Mutation.createOrder (the deployed bundle) through the executor', () => {
  const requests: unknown[] = [];
  const recording: DataSource = {
    async invoke(request) {
      requests.push(request);
      type Attribute = { S?: string; N?: number };
      const { key, attributeValues } = request as { key: Record<string, Attribute>; attributeValues: Record<string, Attribute> };
      const plain = Object.fromEntries(Object.entries({ ...key, ...attributeValues }).map(([k, v]) => [k, v.S ?? v.N]));
      return { result: plain };
    },
  };
  const executor = new Executor(loadSchemas(), [
    {
      typeName: 'Mutation',
      fieldName: 'createOrder',
      resolver: loadResolverFile(bundlePathOf('Mutation.createOrder'), 'Mutation.createOrder'),
      dataSource: recording,
    },
  ]);
  const create = (selection: string, fragments = '') =>
    executor.execute(
      {
        query: `mutation M($input: CreateOrderInput!) { createOrder(input: $input) { ${selection} } } ${fragments}`,
        variables: { input: { store_id: 's1', order_id: 'alice', user_id: 'bob', grand_total: 1 } },
      },
      apiKeyCaller({}),
    );

  it('refuses `user_id: order_id` with a ValidationError before the data source is called', async () => {
    requests.length = 0;
    const res = await create('store_id order_id user_id: order_id');
    expect(res.data).toEqual({ createOrder: null });
    expect(res.errors?.[0]).toMatchObject({ errorType: 'ValidationError', path: ['createOrder'] });
    expect(res.errors?.[0]?.message).toContain('(user_id: order_id)');
    const viaFragment = await create('...F', 'fragment F on Order { store_id user_id: order_id }');
    expect(viaFragment.errors?.[0]).toMatchObject({ errorType: 'ValidationError' });
    const viaInline = await create('... on Order { store_id: order_id }');
    expect(viaInline.errors?.[0]).toMatchObject({ errorType: 'ValidationError' });
    expect(requests).toEqual([]);
  });

  it('writes and answers selections with aliases to new names, also from a named fragment', async () => {
    requests.length = 0;
    const res = await create('store_id id: order_id uid: user_id');
    expect(res).toEqual({ data: { createOrder: { store_id: 's1', id: 'alice', uid: 'bob' } } });
    const fragment = await create('store_id ...F', 'fragment F on Order { id: order_id uid: user_id }');
    expect(fragment).toEqual({ data: { createOrder: { store_id: 's1', id: 'alice', uid: 'bob' } } });
    expect(requests).toHaveLength(2);
  });

  it('refuses a named fragment of plain Order fields too: ctx.info shows it exactly as the forged one', async () => {
    requests.length = 0;
    const res = await create('...F', 'fragment F on Order { store_id order_id user_id }');
    expect(res.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: expect.stringContaining('named fragment F') });
    expect(requests).toEqual([]);
  });
});

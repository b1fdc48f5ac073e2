/** The limit rules on their own (local/engine/queryLimits.ts), with settings the server does not use by default. */
import { getIntrospectionQuery, GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_LIMITS } from '../../definitions/apiLimits.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { parseAndValidateWithLimits } from '../../local/engine/queryLimits.js';

const schema = loadSchemas().declared;
const messages = (result: ReturnType<typeof parseAndValidateWithLimits>): string[] =>
  'kind' in result ? [] : result.map((e: GraphQLError) => e.message);

describe('introspection switch', () => {
  const disabled = { ...DEFAULT_API_LIMITS, introspection: false };

  it('disabled: the introspection types answer a validation error, __typename still works', () => {
    expect(messages(parseAndValidateWithLimits(schema, '{ __schema { types { name } } }', disabled))).toEqual([
      'Cannot query field "types" on type "__Schema": introspection is disabled for this API.',
      'Cannot query field "name" on type "__Type": introspection is disabled for this API.',
    ]);
    expect(messages(parseAndValidateWithLimits(schema, '{ __typename }', disabled))).toEqual([]);
  });

  it('enabled (the default): the standard introspection query validates', () => {
    expect(messages(parseAndValidateWithLimits(schema, getIntrospectionQuery()))).toEqual([]);
  });
});

describe('query depth', () => {
  it('counts fields, leaves included, through fragments; fragments add no level', () => {
    const limits = { ...DEFAULT_API_LIMITS, queryDepthLimit: 2 };
    const ok =
      '{ userOrders(store_id: "s", user_id: "u") { ...C } } fragment C on OrderConnection { ... on OrderConnection { nextToken } }';
    expect(messages(parseAndValidateWithLimits(schema, ok, limits))).toEqual([]);
    const deep = '{ userOrders(store_id: "s", user_id: "u") { ...C } } fragment C on OrderConnection { items { order_id } }';
    expect(messages(parseAndValidateWithLimits(schema, deep, limits))).toEqual([
      "Query depth limit of 2 reached at 'userOrders/items/order_id' (depth 3).",
    ]);
  });

  it('a fragment used many times is walked once (no exponential blow-up)', () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on __Type { ...F${i + 1} ...F${i + 1} }`);
    const query = `{ __schema { queryType { ...F0 } } } ${fragments.join(' ')} fragment F40 on __Type { name }`;
    const started = performance.now();
    expect(messages(parseAndValidateWithLimits(schema, query, { ...DEFAULT_API_LIMITS, queryDepthLimit: 2 }))).toEqual([
      "Query depth limit of 2 reached at '__schema/queryType/name' (depth 3).",
    ]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

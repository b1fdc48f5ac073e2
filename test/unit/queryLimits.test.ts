/** The run limits on their own (local/engine/queryLimits.ts, queryDepth.ts), with settings the server does not use by default. */
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_LIMITS } from '../../definitions/apiLimits.js';
import { loadSchemas } from '../../local/apiSchema.js';
import { apiKeyCaller } from '../../local/engine/caller.js';
import { Executor } from '../../local/engine/executor.js';
import { SchemaView } from '../../local/engine/graphqlJava/traversal.js';
import { prepareDocument } from '../../local/engine/queryLimits.js';

const schemas = loadSchemas();
const executorWith = (limits: Partial<typeof DEFAULT_API_LIMITS>): Executor =>
  new Executor(loadSchemas(), [], { limits: { ...DEFAULT_API_LIMITS, ...limits } });
const run = (executor: Executor, query: string) => executor.execute({ query }, apiKeyCaller({}));

describe('introspection switch', () => {
  it('disabled: a field of an introspection type is undefined — AppSync’s FieldUndefined answer; __typename still works', async () => {
    // The configuration-limits page shows this answer: 'types' undefined in '__Schema'.
    const executor = executorWith({ introspection: false });
    expect(await run(executor, '{ __schema { types { name } } }')).toEqual({
      data: null,
      errors: [
        {
          path: null,
          locations: [{ line: 1, column: 14, sourceName: null }],
          message: "Validation error of type FieldUndefined: Field 'types' in type '__Schema' is undefined @ '__schema/types'",
        },
      ],
    });
    expect(await run(executor, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('enabled (the default): the standard introspection query validates', () => {
    const prepared = prepareDocument(new SchemaView(schemas.declared, true), getIntrospectionQuery());
    expect(prepared.kind === 'parsed' && prepared.errors).toEqual([]);
  });
});

describe('query depth: a field error at run time, thrown to the first nullable parent', () => {
  it('answers the fields within the limit and nulls each field past it, with one QueryDepthLimitReached each', async () => {
    const executor = executorWith({ queryDepthLimit: 2 });
    const { data, errors } = await run(executor, '{ __type(name: "OrderConnection") { name fields { name } } }');
    // fields.name is depth 3: each is cut; it is String!, so its __Field is null, so the
    // [__Field!] list is null — fields is nullable, so it stops there and name stays.
    expect(data).toEqual({ __type: { name: 'OrderConnection', fields: null } });
    expect(errors).toEqual(
      ['items', 'nextToken'].map((_, i) => ({
        path: ['__type', 'fields', i, 'name'],
        data: null,
        errorType: 'QueryDepthLimitReached',
        errorInfo: null,
        locations: [{ line: 1, column: 51, sourceName: null }],
        message: "Query depth limit of 2 reached at '__type/fields/name' (depth 3).",
      })),
    );
  });

  it('counts fields, leaves included, through fragments; fragments add no level', async () => {
    const executor = executorWith({ queryDepthLimit: 3 });
    const query = '{ __type(name: "Order") { ...T } } fragment T on __Type { ... on __Type { fields { name } } }';
    expect((await run(executor, query)).errors).toBeUndefined();
  });

  it('a null propagated to a non-null root nulls data itself', async () => {
    const executor = executorWith({ queryDepthLimit: 1 });
    const { data, errors } = await run(executor, '{ __schema { queryType { name } } }');
    expect(data).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path: ['__schema', 'queryType'], errorType: 'QueryDepthLimitReached' });
  });
});

describe('validation bounds', () => {
  it('a fragment chain that spreads each fragment twice (2^40 walks in graphql-java) is refused fast with one sentence', () => {
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on __Type { ...F${i + 1} ...F${i + 1} }`);
    const query = `query ($v: Boolean) { __schema { queryType { ...F0 } } } ${fragments.join(' ')} fragment F40 on __Type { name @include(if: $v) }`;
    const started = performance.now();
    const prepared = prepareDocument(new SchemaView(schemas.declared, true), query);
    expect(prepared.kind).toBe('bounded');
    expect(prepared.kind === 'bounded' && prepared.errors[0]!.message).toMatch(/^The document spreads its fragments into more than/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

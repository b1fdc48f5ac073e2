/**
 * AppSync's run limits over real HTTP (definitions/apiLimits.ts, local/engine/queryLimits.ts):
 * resolver count, query depth, introspection, and the local parse bounds that keep one request
 * from taking the server.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_LIMITS } from '../../definitions/apiLimits.js';
import { MAX_QUERY_NESTING, MAX_QUERY_TOKENS } from '../../local/engine/queryLimits.js';
import { gql, startLocalServer, userOrders, type LocalServer } from '../../harness/localServer.js';

let server: LocalServer;
const { resolverCountLimit, queryDepthLimit } = DEFAULT_API_LIMITS;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(async () => {
  await server?.stop();
});

const errorTypes = (body: { errors?: Array<Record<string, unknown>> }): unknown[] => (body.errors ?? []).map((e) => e.errorType);

describe('resolver count limit (ResolverExecutionLimitReached)', () => {
  it('runs the first resolvers of a mutation up to the limit and writes nothing past it', async () => {
    const count = resolverCountLimit * 3;
    const aliases = Array.from(
      { length: count },
      (_, i) =>
        `a${i}: createOrder(input: {store_id: "limits-w", order_id: "o${String(i).padStart(3, '0')}", user_id: "writer", grand_total: ${i}}) { order_id }`,
    );
    const { status, body } = await gql(server, `mutation { ${aliases.join('\n')} }`);
    expect(status).toBe(200);
    const limitErrors = (body.errors ?? []).filter((e) => e.errorType === 'ResolverExecutionLimitReached');
    // AppSync: an error on each resolver past the limit; those resolvers do not run.
    expect(limitErrors.map((e) => e.path)).toEqual(
      Array.from({ length: count - resolverCountLimit }, (_, i) => [`a${resolverCountLimit + i}`]),
    );
    expect(limitErrors[0]).toMatchObject({ message: 'Resolver invocation limit reached', data: null, errorInfo: null });

    const stored = await userOrders(server, { store_id: 'limits-w', user_id: 'writer', limit: 50 });
    const ids = stored.body.data!.userOrders.items.map((o: { order_id: string }) => o.order_id).sort();
    expect(ids).toEqual(Array.from({ length: resolverCountLimit }, (_, i) => `o${String(i).padStart(3, '0')}`));
  });

  it('answers a query within the limit in full', async () => {
    const aliases = Array.from(
      { length: resolverCountLimit },
      (_, i) => `q${i}: userOrders(store_id: "limits-r", user_id: "nobody") { nextToken }`,
    );
    const { body } = await gql(server, `{ ${aliases.join('\n')} }`);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data!)).toHaveLength(resolverCountLimit);
  });

  it('fails the query field past the limit without running it', async () => {
    const aliases = Array.from(
      { length: resolverCountLimit + 1 },
      (_, i) => `q${i}: userOrders(store_id: "limits-r", user_id: "nobody") { nextToken }`,
    );
    const { body } = await gql(server, `{ ${aliases.join('\n')} }`);
    expect(errorTypes(body)).toEqual(['ResolverExecutionLimitReached']);
    expect(body.errors![0]!.path).toEqual([`q${resolverCountLimit}`]);
  });
});

describe('query depth limit (QueryDepthLimitReached) and introspection', () => {
  it('answers the standard introspection query (what GraphiQL and codegen send): it is exactly at the limit', async () => {
    const { body } = await gql(server, getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(body.errors).toBeUndefined();
    expect(body.data!.__schema.queryType.name).toBe('Query');
  });

  it('answers a field one level past the limit with a field error and partial data, as AppSync documents', async () => {
    // __Type's field `ofType` is a __Type, so this path has data at every level: `name` is field 15.
    const path = `__type(name: "__Type") { ${'fields { type { '.repeat(6)}fields`;
    const close = ' }'.repeat(13);
    const atLimit = `{ ${path} { name }${close} }`;
    const deep = `{ ${path} { type { name } }${close} }`;
    expect(queryDepthLimit).toBe(15);
    expect((await gql(server, atLimit)).body.errors).toBeUndefined();
    expect((await gql(server, atLimit)).body.data).not.toBeNull();

    // One more level: each too-deep `name` (String, nullable) is null with its own error; the rest is data.
    const { body } = await gql(server, deep);
    expect(body.data!.__type.fields.length).toBeGreaterThan(0);
    expect(body.errors!.length).toBeGreaterThan(0);
    expect(new Set(errorTypes(body))).toEqual(new Set(['QueryDepthLimitReached']));
    expect(body.errors![0]!.message).toContain(`Query depth limit of ${queryDepthLimit} reached`);
    expect((body.errors![0]!.path as unknown[]).filter((k) => typeof k === 'string')).toHaveLength(queryDepthLimit + 1);
  });
});

describe('local bounds: one request cannot take the server', () => {
  it('refuses a 10,000-alias query (~0.7 MB) at parsing, fast, with a clear message', async () => {
    const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i}: userOrders(store_id: "s", user_id: "u${i}") { items { order_id } }`);
    const query = `{ ${aliases.join('\n')} }`;
    expect(query.length).toBeGreaterThan(700_000);
    const started = performance.now();
    const { status, body } = await gql(server, query);
    const elapsed = performance.now() - started;
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors![0]!.message).toBe(
      `The query has more than ${MAX_QUERY_TOKENS} tokens; this server accepts at most ${MAX_QUERY_TOKENS} per request.`,
    );
    expect(elapsed).toBeLessThan(1_000);
  });

  it('answers 5,000 nested inline fragments with the token bound, not a stack overflow', async () => {
    const query = `{ ${'... on Query { '.repeat(5_000)}__typename${' }'.repeat(5_000)} }`;
    const { body } = await gql(server, query);
    expect(body.data).toBeNull();
    expect(body.errors![0]!.message).toContain('tokens');
  });

  it('answers nesting past the bound (inline fragments, fragment chains) with one clear message', async () => {
    const depth = MAX_QUERY_NESTING + 20;
    const inline = `{ ${'... on Query { '.repeat(depth)}__typename${' }'.repeat(depth)} }`;
    const chain = [
      '{ ...F0 }',
      ...Array.from({ length: depth }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`),
      `fragment F${depth} on Query { __typename }`,
    ].join('\n');
    for (const query of [inline, chain]) {
      const { body } = await gql(server, query);
      expect(body.data).toBeNull();
      expect(body.errors![0]!.message).toMatch(new RegExp(`more than ${MAX_QUERY_NESTING} levels deep`));
      expect(JSON.stringify(body)).not.toMatch(/Validation aborted|Maximum call stack/);
    }
  });
});

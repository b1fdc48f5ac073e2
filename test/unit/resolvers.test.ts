/** Each resolver bundle (the file CDK deploys) through the local APPSYNC_JS runtime, without a store. */
import { describe, expect, it } from 'vitest';
import { bundlePathOf } from '../../definitions/resolverBundles.js';
import { loadResolverFile } from '../../local/engine/runtime/loadResolver.js';

const createOrder = loadResolverFile(bundlePathOf('Mutation.createOrder'), 'Mutation.createOrder');
const userOrders = loadResolverFile(bundlePathOf('Query.userOrders'), 'Query.userOrders');
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('Mutation.createOrder', () => {
  const input = { store_id: 'store1', order_id: 'order1', user_id: 'user1', grand_total: 110 };

  it('requests one conditional PutItem with server-set timestamp and created_at of one instant', () => {
    const before = Date.now();
    const out = createOrder.call('request', { args: { input }, arguments: { input } });
    expect(out.kind).toBe('value');
    const req = plain(out.kind === 'value' ? out.value : null) as any;
    expect(req.operation).toBe('PutItem');
    expect(req.key).toEqual({ store_id: { S: 'store1' }, order_id: { S: 'order1' } });
    expect(req.condition.expression).toMatch(/^\(attribute_not_exists\(#\w+\)\)$/);
    expect(Object.values(req.condition.expressionNames)).toEqual(['store_id']);
    const ms = Number(req.attributeValues.timestamp.S.split('#')[1]);
    expect(req.attributeValues.timestamp.S).toBe(`user1#${ms}`);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(req.attributeValues.created_at.S).toBe(new Date(ms).toISOString());
    expect(req.attributeValues.grand_total).toEqual({ N: 110 });
    expect(req.attributeValues.user_id).toEqual({ S: 'user1' });
  });

  it('aborts with a ValidationError before any request for each broken rule', () => {
    for (const patch of [
      { store_id: '' },
      { order_id: 'a#b' },
      { user_id: 'x'.repeat(101) },
      { user_id: 'a\tb' },
      { grand_total: -1 },
      { grand_total: 2e12 },
    ]) {
      const args = { input: { ...input, ...patch } };
      const out = createOrder.call('request', { args, arguments: args });
      expect(out.kind).toBe('error');
      expect(out.kind === 'error' && out.error.errorType).toBe('ValidationError');
    }
  });

  it('raises the data source error with its type, and returns the result otherwise', () => {
    const failed = createOrder.call('response', {
      error: { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' },
    });
    expect(failed.kind === 'error' && [failed.error.message, failed.error.errorType]).toEqual([
      'The conditional request failed',
      'DynamoDB:ConditionalCheckFailedException',
    ]);
    expect(createOrder.call('response', { result: { order_id: 'x' } })).toMatchObject({ kind: 'value', value: { order_id: 'x' } });
  });
});

describe('Query.userOrders', () => {
  it('requests a consistent, newest-first Query on the index with begins_with(user#)', () => {
    const args = { store_id: 's', user_id: 'user1' };
    const out = userOrders.call('request', { args, arguments: args });
    const req = plain(out.kind === 'value' ? out.value : null) as any;
    expect(req).toMatchObject({ operation: 'Query', index: 'timestamp-index', scanIndexForward: false, consistentRead: true, limit: 5 });
    expect(req.query.expression).toMatch(/^\(#\w+ = :\w+\) AND \(begins_with\(#\w+,:\w+\)\)$/);
    expect(Object.values(req.query.expressionValues)).toEqual([{ S: 's' }, { S: 'user1#' }]);
    expect(req.nextToken).toBeUndefined();
  });

  it('passes limit and nextToken through, and refuses limits outside 1–50', () => {
    const args = { store_id: 's', user_id: 'u', limit: 50, nextToken: 'tok' };
    const ok = userOrders.call('request', { args, arguments: args });
    expect(plain(ok.kind === 'value' ? ok.value : null)).toMatchObject({ limit: 50, nextToken: 'tok' });
    for (const limit of [0, 51]) {
      const bad = { store_id: 's', user_id: 'u', limit };
      const out = userOrders.call('request', { args: bad, arguments: bad });
      expect(out.kind === 'error' && out.error.errorType).toBe('ValidationError');
    }
  });

  it('maps the query result to a connection with nextToken null on the last page', () => {
    const out = userOrders.call('response', { result: { items: [{ order_id: 'a' }], scannedCount: 1 } });
    expect(out).toMatchObject({ kind: 'value', value: { items: [{ order_id: 'a' }], nextToken: null } });
  });
});

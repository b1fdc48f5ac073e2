/**
 * The local `@aws-appsync/utils/dynamodb` beyond the recorded examples of
 * runtime.evaluateCodeParity.test.ts: the shapes of every request object ("JavaScript resolver
 * function reference for DynamoDB"), absent options left out, aliases numbered as AppSync numbers
 * them, placeholders that match what each expression uses, and what DynamoDB then accepts.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { toSdkMap } from '../../local/engine/dataSources/attributeValues.js';
import { createDynamoDBHelpers } from '../../local/engine/runtime/dynamodbHelpers.js';
import { newInvocationState } from '../../local/engine/runtime/errors.js';
import { loadResolverSource } from '../../local/engine/runtime/loadResolver.js';
import { createUtil } from '../../local/engine/runtime/util.js';

const ddb = createDynamoDBHelpers(createUtil(newInvocationState()));
const { operations } = ddb;
const json = (value: unknown): any => JSON.parse(JSON.stringify(value));

type Expr = { expression: string; expressionNames?: Record<string, string>; expressionValues?: Record<string, unknown> };

/** Names and values list exactly the placeholders the expression uses. */
function expectListsWhatItUses(e: Expr | undefined): void {
  if (e === undefined) throw new Error('no expression');
  const used = new Set(e.expression.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  expect(new Set([...Object.keys(e.expressionNames ?? {}), ...Object.keys(e.expressionValues ?? {})])).toEqual(used);
}

describe('put, remove and their conditions', () => {
  it('a condition binding no value carries no expressionValues', () => {
    const request = json(ddb.put({ key: { id: 'a' }, item: { n: 1 }, condition: { id: { attributeExists: false } } }));
    expect(request.condition).toEqual({ expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' } });
  });

  it('a condition binding values renders as util.transform does (documented example: only the owner may delete)', () => {
    expect(json(ddb.remove({ key: { id: 'a' }, condition: { owner: { eq: 'me' } } } as never))).toEqual({
      operation: 'DeleteItem',
      key: { id: { S: 'a' } },
      condition: {
        expression: '(#owner = :owner_eq)',
        expressionNames: { '#owner': 'owner' },
        expressionValues: { ':owner_eq': { S: 'me' } },
      },
    });
  });

  it('omits an absent condition and passes the versioning fields through', () => {
    expect(
      json(ddb.put({ key: { id: 'a' }, item: {}, condition: null, customPartitionKey: 'pk', populateIndexFields: true, _version: 3 })),
    ).toEqual({
      operation: 'PutItem',
      key: { id: { S: 'a' } },
      attributeValues: {},
      customPartitionKey: 'pk',
      populateIndexFields: true,
      _version: 3,
    });
  });

  it('fails the handler on a condition AppSync cannot render, instead of writing unconditionally', () => {
    expect(() => ddb.put({ key: { id: 'a' }, item: {}, condition: { expression: 'attribute_exists(id)' } } as never)).toThrow(
      /condition is not a filter object/,
    );
    expect(() => ddb.query({ query: { id: 'a' } } as never)).toThrow(/query is not a filter object/);
  });

  it('set helpers return the list as given; items keep those sets', () => {
    expect(ddb.toNumberSet([1, 2, 3])).toEqual({ NS: [1, 2, 3] });
    expect(ddb.toStringSet(['a', 'b', 'c'])).toEqual({ SS: ['a', 'b', 'c'] });
    expect(ddb.toBinarySet(['SGVsbG8=', 'V29ybGQ='])).toEqual({ BS: ['SGVsbG8=', 'V29ybGQ='] });
    const request = ddb.put({ key: { id: 'a' }, item: { tags: ddb.toStringSet(['x']), ns: ddb.toNumberSet([1]) } });
    expect(json(request.attributeValues)).toEqual({ tags: { SS: ['x'] }, ns: { NS: [1] } });
  });
});

describe('query', () => {
  it('passes every option; the filter renders as a condition does, the projection with #expName aliases', () => {
    const request = json(
      ddb.query({
        query: { pk: { eq: 'a' }, sk: { between: [1, 9] } },
        index: 'gsi1',
        limit: 5,
        nextToken: 't',
        consistentRead: true,
        scanIndexForward: false,
        select: 'ALL_ATTRIBUTES',
        filter: { done: { eq: true } },
        projection: ['id', 'nested.field', 'tags[1]'],
      } as never),
    );
    expect(request).toMatchObject({
      operation: 'Query',
      index: 'gsi1',
      limit: 5,
      nextToken: 't',
      consistentRead: true,
      scanIndexForward: false,
      select: 'ALL_ATTRIBUTES',
    });
    expect(request.query.expression).toBe('(#pk = :pk_eq) AND (#sk BETWEEN :sk_between_start AND :sk_between_end)');
    expect(request.filter).toEqual({
      expression: '(#done = :done_eq)',
      expressionNames: { '#done': 'done' },
      expressionValues: { ':done_eq': { BOOL: true } },
    });
    expect(request.projection).toEqual({
      expression: '#expName_1, #expName_2.#expName_3, #expName_4[1]',
      expressionNames: { '#expName_1': 'id', '#expName_2': 'nested', '#expName_3': 'field', '#expName_4': 'tags' },
    });
    for (const e of [request.query, request.filter, request.projection]) expectListsWhatItUses(e);
  });

  it('leaves out the options not given (undefined or null)', () => {
    expect(Object.keys(json(ddb.query({ query: { id: { eq: 1 } }, nextToken: undefined, limit: null } as never)))).toEqual([
      'operation',
      'query',
    ]);
  });
});

describe('get, scan, sync', () => {
  it('get with a projection reusing a path segment keeps one alias for it', () => {
    expect(json(ddb.get({ key: { id: '1' }, consistentRead: true, projection: ['a.b', 'a.c'] } as never))).toEqual({
      operation: 'GetItem',
      key: { id: { S: '1' } },
      consistentRead: true,
      projection: {
        expression: '#expName_1.#expName_2, #expName_1.#expName_3',
        expressionNames: { '#expName_1': 'a', '#expName_2': 'b', '#expName_3': 'c' },
      },
    });
  });

  it('scan and sync leave out what was not asked for', () => {
    expect(json(ddb.scan({}))).toEqual({ operation: 'Scan' });
    expect(json(ddb.scan({ index: 'i', limit: 2, totalSegments: 4, segment: 1, filter: { n: { gt: 1 } } } as never))).toEqual({
      operation: 'Scan',
      index: 'i',
      limit: 2,
      totalSegments: 4,
      segment: 1,
      filter: { expression: '(#n > :n_gt)', expressionNames: { '#n': 'n' }, expressionValues: { ':n_gt': { N: 1 } } },
    });
    expect(json(ddb.sync({ limit: 10, lastSync: 5 }))).toEqual({ operation: 'Sync', limit: 10, lastSync: 5 });
  });
});

describe('update', () => {
  it('one SET list in the order written, then one REMOVE list; aliases numbered as they come out', () => {
    const request = json(
      ddb.update({
        key: { id: '1' },
        update: { b: operations.remove(), a: operations.increment(1), c: operations.replace('x'), d: operations.remove() },
      } as never),
    );
    expect(request.update).toEqual({
      expression: 'SET #expName_1 = #expName_1 + :expValue_1, #expName_2 = :expValue_2 REMOVE #expName_3, #expName_4',
      expressionNames: { '#expName_1': 'a', '#expName_2': 'c', '#expName_3': 'b', '#expName_4': 'd' },
      expressionValues: { ':expValue_1': { N: 1 }, ':expValue_2': { S: 'x' } },
    });
  });

  it('increment and decrement step by one when given no step', () => {
    const request = json(ddb.update({ key: { id: '1' }, update: { a: operations.increment(), b: operations.decrement() } } as never));
    expect(request.update.expression).toBe('SET #expName_1 = #expName_1 + :expValue_1, #expName_2 = #expName_2 - :expValue_2');
    expect(request.update.expressionValues).toEqual({ ':expValue_1': { N: 1 }, ':expValue_2': { N: 1 } });
  });

  it('list items of one attribute share its alias; a plain object updates only the members it names', () => {
    const request = json(
      ddb.update({
        key: { id: '1' },
        update: {
          f: [operations.updateListItem('x', 1), operations.updateListItem('y', 2)],
          address: { city: 'NY' },
          tags: operations.add(ddb.toStringSet(['b'])),
        },
      } as never),
    );
    expect(request.update.expression).toBe(
      'SET #expName_1[1] = :expValue_1, #expName_1[2] = :expValue_2, #expName_2.#expName_3 = :expValue_3, #expName_4 = :expValue_4',
    );
    expect(request.update.expressionValues[':expValue_4']).toEqual({ SS: ['b'] });
    expectListsWhatItUses(request.update);
  });

  it('a condition and a version go along; update and condition share no placeholder', () => {
    const request = json(
      ddb.update({ key: { id: '1' }, update: { a: operations.increment(1) }, condition: { a: { lt: 10 } }, _version: 5 } as never),
    );
    expect(request).toMatchObject({ _version: 5, condition: { expression: '(#a < :a_lt)' } });
    const values = [...Object.keys(request.update.expressionValues), ...Object.keys(request.condition.expressionValues)];
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('batch and transaction requests (built as AppSync builds them; the local data source refuses them)', () => {
  it('batchGet, batchPut, batchDelete', () => {
    expect(
      json(
        ddb.batchGet({
          tables: { post: { keys: [{ id: '1' }, { id: '2' }], consistentRead: false, projection: ['id', 'name'] } },
        } as never),
      ),
    ).toEqual({
      operation: 'BatchGetItem',
      tables: {
        post: {
          keys: [{ id: { S: '1' } }, { id: { S: '2' } }],
          consistentRead: false,
          projection: { expression: '#expName_1, #expName_2', expressionNames: { '#expName_1': 'id', '#expName_2': 'name' } },
        },
      },
    });
    expect(json(ddb.batchPut({ tables: { post: [{ id: 'one', value: 'x' }] } }))).toEqual({
      operation: 'BatchPutItem',
      tables: { post: [{ id: { S: 'one' }, value: { S: 'x' } }] },
    });
    expect(json(ddb.batchDelete({ tables: { post: [{ id: 'one' }] } } as never))).toEqual({
      operation: 'BatchDeleteItem',
      tables: { post: [{ id: { S: 'one' } }] },
    });
  });

  it('transactGet and transactWrite', () => {
    expect(json(ddb.transactGet({ items: [{ table: 'post', key: { id: '1' }, projection: ['name'] }] } as never))).toEqual({
      operation: 'TransactGetItems',
      transactItems: [
        { table: 'post', key: { id: { S: '1' } }, projection: { expression: '#expName_1', expressionNames: { '#expName_1': 'name' } } },
      ],
    });
    const request = json(
      ddb.transactWrite({
        items: [
          { putItem: { table: 'post', key: { id: '1' }, item: { a: 1 } } },
          { deleteItem: { table: 'post', key: { id: '2' }, condition: { v: { eq: 1 } } } },
          { updateItem: { table: 't', key: { id: '1' }, update: { a: operations.increment(1) } } },
          { conditionCheck: { table: 't', key: { id: '2' }, condition: { v: { attributeExists: true } } } },
        ],
      } as never),
    );
    expect(request.transactItems).toEqual([
      { table: 'post', operation: 'PutItem', key: { id: { S: '1' } }, attributeValues: { a: { N: 1 } } },
      {
        table: 'post',
        operation: 'DeleteItem',
        key: { id: { S: '2' } },
        condition: { expression: '(#v = :v_eq)', expressionNames: { '#v': 'v' }, expressionValues: { ':v_eq': { N: 1 } } },
      },
      {
        table: 't',
        operation: 'UpdateItem',
        key: { id: { S: '1' } },
        update: {
          expression: 'SET #expName_1 = #expName_1 + :expValue_1',
          expressionNames: { '#expName_1': 'a' },
          expressionValues: { ':expValue_1': { N: 1 } },
        },
      },
      {
        table: 't',
        operation: 'ConditionCheck',
        key: { id: { S: '2' } },
        condition: { expression: '(attribute_exists(#v))', expressionNames: { '#v': 'v' } },
      },
    ]);
  });
});

describe('wire form for the AWS SDK', () => {
  it('toSdkMap turns documented JSON numbers into DynamoDB number strings, deeply, and base64 into bytes', () => {
    const request = ddb.put({ key: { id: 1 }, item: { n: 1.5, l: [2], m: { k: 3 }, ns: ddb.toNumberSet([4]), s: 'x' } as never });
    expect(toSdkMap({ b: { B: 'AQI=' } })).toEqual({ b: { B: Buffer.from([1, 2]) } });
    expect(toSdkMap(request.attributeValues)).toEqual({
      n: { N: '1.5' },
      l: { L: [{ N: '2' }] },
      m: { M: { k: { N: '3' } } },
      ns: { NS: ['4'] },
      s: { S: 'x' },
    });
  });
});

describe('through a loaded resolver (its own realm), as AppSync runs a bundle', () => {
  it('operations survive the realm boundary', () => {
    const resolver = loadResolverSource(
      `import * as ddb from '@aws-appsync/utils/dynamodb';
       export function request(ctx) {
         return ddb.update({ key: { id: ctx.args.id }, update: { n: ddb.operations.increment(2), l: [ddb.operations.updateListItem('x', 0)], gone: ddb.operations.remove() } });
       }
       export function response(ctx) { return ctx.result; }`,
      'realm-probe',
    );
    const out = resolver.call('request', { args: { id: 'a' }, arguments: { id: 'a' } });
    expect(out.kind).toBe('value');
    expect(json(out.kind === 'value' ? out.value : null).update).toEqual({
      expression: 'SET #expName_1 = #expName_1 + :expValue_1, #expName_2[0] = :expValue_2 REMOVE #expName_3',
      expressionNames: { '#expName_1': 'n', '#expName_2': 'l', '#expName_3': 'gone' },
      expressionValues: { ':expValue_1': { N: 2 }, ':expValue_2': { S: 'x' } },
    });
  });
});

describe('inside node:vm, as a resolver bundle calls it', () => {
  it('builds the same request from another realm', () => {
    const context = vm.createContext({ ddb });
    const request = vm.runInContext(
      `ddb.query({ query: { store_id: { eq: 's1' }, timestamp: { beginsWith: 'u1#' } }, index: 'timestamp-index', limit: 5 })`,
      context,
    ) as { query: Expr };
    expect(request.query.expression).toBe('(#store_id = :store_id_eq) AND (begins_with(#timestamp,:timestamp_beginsWith))');
    const updated = vm.runInContext(
      `ddb.update({ key: { id: 'a' }, update: { n: ddb.operations.increment(2), l: [ddb.operations.updateListItem(1, 0)] } })`,
      context,
    ) as {
      update: Expr;
    };
    expect(updated.update.expression).toBe('SET #expName_1 = #expName_1 + :expValue_1, #expName_2[0] = :expValue_2');
  });
});

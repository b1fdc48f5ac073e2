/**
 * The local `@aws-appsync/utils/dynamodb` against AppSync's request objects ("JavaScript resolver
 * function reference for DynamoDB"): exact shapes, absent options left out, placeholders valid
 * and unique across every expression of one request.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { toSdkMap } from '../../local/appsync/dataSources/attributeValues.js';
import { createDynamoDBHelpers } from '../../local/appsync/runtime/dynamodbHelpers.js';
import { newInvocationState } from '../../local/appsync/runtime/errors.js';
import { createUtil } from '../../local/appsync/runtime/util.js';

const ddb = createDynamoDBHelpers(createUtil(newInvocationState()));
const { operations } = ddb;

type Expr = { expression: string; expressionNames?: Record<string, string>; expressionValues?: Record<string, unknown> };

/** Placeholders across a request's expressions: valid syntax, none defined twice with different meanings. */
function placeholdersOf(...exprs: (Expr | undefined)[]): string[] {
  const all: string[] = [];
  for (const e of exprs) {
    if (e === undefined) continue;
    const used = new Set(e.expression.match(/[#:][A-Za-z0-9_]+/g) ?? []);
    const listed = [...Object.keys(e.expressionNames ?? {}), ...Object.keys(e.expressionValues ?? {})];
    expect(new Set(listed)).toEqual(used);
    all.push(...Object.keys(e.expressionValues ?? {}));
  }
  return all;
}

describe('put', () => {
  it("createOrder's conditional put: typed key and item, attribute_not_exists condition", () => {
    expect(
      ddb.put({
        key: { store_id: 's1', order_id: 'o1' },
        item: { user_id: 'u1', grand_total: 110, timestamp: 'u1#1544092158240', created_at: '2018-12-06T10:29:18.240Z' },
        condition: { store_id: { attributeExists: false } },
      }),
    ).toEqual({
      operation: 'PutItem',
      key: { store_id: { S: 's1' }, order_id: { S: 'o1' } },
      attributeValues: {
        user_id: { S: 'u1' },
        grand_total: { N: 110 },
        timestamp: { S: 'u1#1544092158240' },
        created_at: { S: '2018-12-06T10:29:18.240Z' },
      },
      condition: { expression: 'attribute_not_exists(#store_id)', expressionNames: { '#store_id': 'store_id' }, expressionValues: {} },
    });
  });

  it('omits an absent condition and passes the versioning fields through', () => {
    expect(ddb.put({ key: { id: 'a' }, item: { n: 1 } })).toEqual({ operation: 'PutItem', key: { id: { S: 'a' } }, attributeValues: { n: { N: 1 } } });
    expect(ddb.put({ key: { id: 'a' }, item: {}, condition: null, customPartitionKey: 'pk', populateIndexFields: true, _version: 3 })).toEqual({
      operation: 'PutItem',
      key: { id: { S: 'a' } },
      attributeValues: {},
      customPartitionKey: 'pk',
      populateIndexFields: true,
      _version: 3,
    });
  });

  it('keeps sets made by toStringSet/toNumberSet (documented: toNumberSet gives strings)', () => {
    expect(ddb.toNumberSet([1, 2, 3])).toEqual({ NS: ['1', '2', '3'] });
    expect(ddb.toStringSet(['a', 'b', 'c'])).toEqual({ SS: ['a', 'b', 'c'] });
    expect(ddb.toBinarySet(['SGVsbG8=', 'V29ybGQ='])).toEqual({ BS: ['SGVsbG8=', 'V29ybGQ='] });
    const request = ddb.put({ key: { id: 'a' }, item: { tags: ddb.toStringSet(['x']), ns: ddb.toNumberSet([1]) } });
    expect(request.attributeValues).toEqual({ tags: { SS: ['x'] }, ns: { NS: ['1'] } });
  });
});

describe('query', () => {
  it("userOrders' query: key condition with begins_with, index, newest first, consistent", () => {
    expect(
      ddb.query({
        query: { store_id: { eq: 's1' }, timestamp: { beginsWith: 'u1#' } },
        index: 'timestamp-index',
        scanIndexForward: false,
        consistentRead: true,
        limit: 5,
        nextToken: undefined,
      }),
    ).toEqual({
      operation: 'Query',
      query: {
        expression: '#store_id = :store_id_eq AND begins_with(#timestamp, :timestamp_beginsWith)',
        expressionNames: { '#store_id': 'store_id', '#timestamp': 'timestamp' },
        expressionValues: { ':store_id_eq': { S: 's1' }, ':timestamp_beginsWith': { S: 'u1#' } },
      },
      index: 'timestamp-index',
      limit: 5,
      scanIndexForward: false,
      consistentRead: true,
    });
  });

  it('passes nextToken, select, filter and projection, with placeholders unique across them', () => {
    const request = ddb.query({
      query: { id: { eq: 'a' }, sk: { between: [1, 9] } },
      nextToken: 'tok',
      select: 'ALL_ATTRIBUTES',
      filter: { sk: { ne: 5 }, or: [{ id: { eq: 'b' } }, { id: { eq: 'c' } }] },
      projection: ['id', 'author.name', 'tags[1]'],
    } as never);
    expect(request).toMatchObject({ operation: 'Query', nextToken: 'tok', select: 'ALL_ATTRIBUTES' });
    expect(request.query.expression).toBe('#id = :id_eq AND #sk BETWEEN :sk_between_0 AND :sk_between_1');
    expect(request.filter?.expression).toBe('#sk <> :sk_ne AND (#id = :id_eq_1 OR #id = :id_eq_2)');
    expect(request.projection).toEqual({
      expression: '#id, #author.#name, #tags[1]',
      expressionNames: { '#id': 'id', '#author': 'author', '#name': 'name', '#tags': 'tags' },
    });
    const values = placeholdersOf(request.query, request.filter, request.projection);
    expect(new Set(values).size).toBe(values.length);
  });

  it('takes each key-condition operator DynamoDB allows', () => {
    const sk = (op: object) => ddb.query({ query: { pk: { eq: 1 }, sk: op } } as never).query.expression;
    expect(sk({ lt: 1 })).toBe('#pk = :pk_eq AND #sk < :sk_lt');
    expect(sk({ le: 1 })).toBe('#pk = :pk_eq AND #sk <= :sk_le');
    expect(sk({ gt: 1 })).toBe('#pk = :pk_eq AND #sk > :sk_gt');
    expect(sk({ ge: 1 })).toBe('#pk = :pk_eq AND #sk >= :sk_ge');
    expect(sk({ eq: 1 })).toBe('#pk = :pk_eq AND #sk = :sk_eq');
  });

  it('rejects key conditions DynamoDB would refuse', () => {
    expect(() => ddb.query({ query: { pk: { ne: 1 } } } as never)).toThrow(/cannot be used in a key condition/);
    expect(() => ddb.query({ query: { pk: { eq: 1 }, sk: { gt: 1, lt: 5 } } } as never)).toThrow(/exactly one operator/);
    expect(() => ddb.query({ query: { a: { eq: 1 }, b: { eq: 1 }, c: { eq: 1 } } } as never)).toThrow(/at most the sort key/);
    expect(() => ddb.query({ query: {} } as never)).toThrow(/partition key/);
  });
});

describe('get, remove, scan, sync', () => {
  it('get', () => {
    expect(ddb.get({ key: { id: 'a' } })).toEqual({ operation: 'GetItem', key: { id: { S: 'a' } } });
    expect(ddb.get({ key: { id: 'a' }, consistentRead: true, projection: ['id'] } as never)).toEqual({
      operation: 'GetItem',
      key: { id: { S: 'a' } },
      consistentRead: true,
      projection: { expression: '#id', expressionNames: { '#id': 'id' } },
    });
  });

  it('remove (documented example: only the owner may delete)', () => {
    expect(ddb.remove({ key: { id: 'a' }, condition: { owner: { eq: 'me' } } } as never)).toEqual({
      operation: 'DeleteItem',
      key: { id: { S: 'a' } },
      condition: { expression: '#owner = :owner_eq', expressionNames: { '#owner': 'owner' }, expressionValues: { ':owner_eq': { S: 'me' } } },
    });
  });

  it('scan and sync leave out what was not asked for', () => {
    expect(ddb.scan({})).toEqual({ operation: 'Scan' });
    expect(ddb.scan({ index: 'i', limit: 2, totalSegments: 4, segment: 1, filter: { n: { gt: 1 } } } as never)).toEqual({
      operation: 'Scan',
      index: 'i',
      limit: 2,
      totalSegments: 4,
      segment: 1,
      filter: { expression: '#n > :n_gt', expressionNames: { '#n': 'n' }, expressionValues: { ':n_gt': { N: 1 } } },
    });
    expect(ddb.sync({ limit: 10, lastSync: 5 })).toEqual({ operation: 'Sync', limit: 10, lastSync: 5 });
  });
});

describe('update and operations', () => {
  it('documented example: a plain value and a condition', () => {
    expect(ddb.update({ key: { id: 'x' }, condition: { name: { eq: 'n' } }, update: { isVerified: true } } as never)).toEqual({
      operation: 'UpdateItem',
      key: { id: { S: 'x' } },
      update: { expression: 'SET #isVerified = :isVerified', expressionNames: { '#isVerified': 'isVerified' }, expressionValues: { ':isVerified': { BOOL: true } } },
      condition: { expression: '#name = :name_eq', expressionNames: { '#name': 'name' }, expressionValues: { ':name_eq': { S: 'n' } } },
    });
  });

  it('each operation becomes its clause; SET, REMOVE and ADD in that order', () => {
    const request = ddb.update({
      key: { id: 1 },
      update: {
        title: 'T',
        address: { city: 'NY' },
        profile: operations.replace({ a: 1 }),
        created: operations.add('now'),
        tags: operations.add(ddb.toStringSet(['b'])),
        old: operations.remove(),
        count: operations.increment(10),
        stock: operations.decrement(),
        ids: operations.append([101]),
        first: operations.prepend([1]),
        friends: [operations.updateListItem('102', 1), operations.updateListItem('112', 2)],
      },
    } as never);
    expect(request.update.expression).toBe(
      'SET #title = :title, #address.#city = :address_city, #profile = :profile_replace, #created = :created_add,' +
        ' #ids = list_append(#ids, :ids_append), #first = list_append(:first_prepend, #first), #friends[1] = :friends_1, #friends[2] = :friends_2' +
        ' REMOVE #old ADD #tags :tags_add, #count :count_increment, #stock :stock_decrement',
    );
    expect(request.update.expressionValues).toMatchObject({
      ':profile_replace': { M: { a: { N: 1 } } },
      ':tags_add': { SS: ['b'] },
      ':count_increment': { N: 10 },
      ':stock_decrement': { N: -1 },
      ':ids_append': { L: [{ N: 101 }] },
    });
    placeholdersOf(request.update);
  });

  it('update and condition share no value placeholder', () => {
    const request = ddb.update({ key: { id: 1 }, update: { v: operations.increment() }, condition: { v: { lt: 10 } } } as never);
    const values = placeholdersOf(request.update, request.condition);
    expect(new Set(values).size).toBe(values.length);
  });

  it('refuses an update that changes nothing', () => {
    expect(() => ddb.update({ key: { id: 1 }, update: {} } as never)).toThrow(/changes nothing/);
  });
});

describe('batch and transaction requests', () => {
  it('batchGet, batchPut, batchDelete (documented shapes)', () => {
    expect(ddb.batchGet({ tables: { post: { keys: [{ id: '1' }, { id: '2' }], consistentRead: false, projection: ['id', 'nested.object[1]'] } } } as never)).toEqual({
      operation: 'BatchGetItem',
      tables: {
        post: {
          keys: [{ id: { S: '1' } }, { id: { S: '2' } }],
          consistentRead: false,
          projection: { expression: '#id, #nested.#object[1]', expressionNames: { '#id': 'id', '#nested': 'nested', '#object': 'object' } },
        },
      },
    });
    expect(ddb.batchPut({ tables: { post: [{ id: 'one', value: 'x' }] } })).toEqual({
      operation: 'BatchPutItem',
      tables: { post: [{ id: { S: 'one' }, value: { S: 'x' } }] },
    });
    expect(ddb.batchDelete({ tables: { post: [{ id: 'one' }] } } as never)).toEqual({ operation: 'BatchDeleteItem', tables: { post: [{ id: { S: 'one' } }] } });
  });

  it('transactGet and transactWrite', () => {
    expect(ddb.transactGet({ items: [{ table: 'post', key: { id: '1' }, projection: ['name'] }] } as never)).toEqual({
      operation: 'TransactGetItems',
      transactItems: [{ table: 'post', key: { id: { S: '1' } }, projection: { expression: '#name', expressionNames: { '#name': 'name' } } }],
    });
    const request = ddb.transactWrite({
      items: [
        { putItem: { table: 'post', key: { id: '1' }, item: { n: 1 }, condition: { id: { attributeExists: false } } } },
        { deleteItem: { table: 'post', key: { id: '2' } } },
        { updateItem: { table: 'post', key: { id: '3' }, update: { n: operations.increment() } } },
        { conditionCheck: { table: 'post', key: { id: '4' }, condition: { n: { gt: 0 } } } },
      ],
    } as never);
    expect(request.operation).toBe('TransactWriteItems');
    expect(request.transactItems.map((t) => t.operation)).toEqual(['PutItem', 'DeleteItem', 'UpdateItem', 'ConditionCheck']);
    expect(request.transactItems[0]).toEqual({
      table: 'post',
      operation: 'PutItem',
      key: { id: { S: '1' } },
      attributeValues: { n: { N: 1 } },
      condition: { expression: 'attribute_not_exists(#id)', expressionNames: { '#id': 'id' }, expressionValues: {} },
    });
  });
});

describe('wire form for the AWS SDK', () => {
  it('toSdkMap turns documented JSON numbers into DynamoDB number strings, deeply, and base64 into bytes', () => {
    const request = ddb.put({ key: { id: 1 }, item: { n: 1.5, l: [2], m: { k: 3 }, ns: { NS: [4] }, s: 'x' } as never });
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

describe('inside node:vm, as a resolver bundle calls it', () => {
  it('builds the same request from another realm', () => {
    const context = vm.createContext({ ddb });
    const request = vm.runInContext(
      `ddb.query({ query: { store_id: { eq: 's1' }, timestamp: { beginsWith: 'u1#' } }, index: 'timestamp-index', limit: 5 })`,
      context,
    ) as { query: Expr };
    expect(request.query.expression).toBe('#store_id = :store_id_eq AND begins_with(#timestamp, :timestamp_beginsWith)');
  });
});

/**
 * `@aws-appsync/utils/dynamodb` for the local APPSYNC_JS runtime: functions that build AppSync's
 * DynamoDB request objects (documented in "JavaScript resolver function reference for DynamoDB")
 * from friendlier input. Keys and items are typed with `util.dynamodb`; conditions, filters, key
 * conditions, projections and updates become `{ expression, expressionNames, expressionValues }`
 * whose placeholders are unique across the whole request.
 *
 * Optional inputs that are absent (undefined or null) are left out of the request object.
 */
import { toItemMapValues, type AttributeValueLike } from './attributeValues.js';
import {
  conditionExpression,
  keyConditionExpression,
  Placeholders,
  projectionExpression,
  updateExpression,
  type ExpressionObject,
  type UpdateOperation,
} from './expressions.js';
import type { LocalUtil } from './util.js';
import type {
  DynamoDBBatchDeleteItemRequest,
  DynamoDBBatchGetItemRequest,
  DynamoDBBatchPutItemRequest,
  DynamoDBDeleteItemRequest,
  DynamoDBGetItemRequest,
  DynamoDBPutItemRequest,
  DynamoDBQueryRequest,
  DynamoDBScanRequest,
  DynamoDBSyncRequest,
  DynamoDBTransactGetItemsRequest,
  DynamoDBTransactWriteItemsRequest,
  DynamoDBUpdateItemRequest,
} from '@aws-appsync/utils';

type Obj = Record<string, unknown>;

/** The given fields, without those that are undefined or null. */
function present(fields: Obj): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

/** A condition object, or nothing when it is absent or constrains nothing. */
function condition(filter: unknown, placeholders: Placeholders): ExpressionObject | undefined {
  if (filter === undefined || filter === null) return undefined;
  const built = conditionExpression(filter, placeholders);
  return built.expression === '' ? undefined : built;
}

function projection(paths: unknown, placeholders: Placeholders) {
  return Array.isArray(paths) && paths.length > 0 ? projectionExpression(paths.map(String), placeholders) : undefined;
}

export function createDynamoDBHelpers(util: LocalUtil) {
  const key = (value: unknown): Record<string, AttributeValueLike> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('key must be an object');
    return util.dynamodb.toMapValues(value as Obj) as Record<string, AttributeValueLike>;
  };
  const item = (value: unknown): Record<string, AttributeValueLike> => toItemMapValues((value ?? {}) as Obj);
  /** The fields PutItem, UpdateItem and DeleteItem pass through for versioned (Delta Sync) data sources. */
  const versioning = (p: Obj): Obj => present({ customPartitionKey: p.customPartitionKey, populateIndexFields: p.populateIndexFields, _version: p._version });

  function get(p: Obj): DynamoDBGetItemRequest {
    const ph = new Placeholders();
    return { operation: 'GetItem', key: key(p.key), ...present({ consistentRead: p.consistentRead, projection: projection(p.projection, ph) }) };
  }

  function put(p: Obj): DynamoDBPutItemRequest {
    const ph = new Placeholders();
    return {
      operation: 'PutItem',
      key: key(p.key),
      attributeValues: item(p.item),
      ...present({ condition: condition(p.condition, ph) }),
      ...versioning(p),
    };
  }

  function remove(p: Obj): DynamoDBDeleteItemRequest {
    const ph = new Placeholders();
    return { operation: 'DeleteItem', key: key(p.key), ...present({ condition: condition(p.condition, ph) }), ...versioning(p) };
  }

  function update(p: Obj): DynamoDBUpdateItemRequest {
    const ph = new Placeholders();
    return {
      operation: 'UpdateItem',
      key: key(p.key),
      update: updateExpression(p.update, ph),
      ...present({ condition: condition(p.condition, ph) }),
      ...versioning(p),
    };
  }

  function query(p: Obj): DynamoDBQueryRequest {
    const ph = new Placeholders();
    return {
      operation: 'Query',
      query: keyConditionExpression(p.query, ph),
      ...present({
        index: p.index,
        limit: p.limit,
        nextToken: p.nextToken,
        scanIndexForward: p.scanIndexForward,
        consistentRead: p.consistentRead,
        select: p.select,
        filter: condition(p.filter, ph),
        projection: projection(p.projection, ph),
      }),
    };
  }

  function scan(p: Obj): DynamoDBScanRequest {
    const ph = new Placeholders();
    return {
      operation: 'Scan',
      ...present({
        index: p.index,
        limit: p.limit,
        nextToken: p.nextToken,
        consistentRead: p.consistentRead,
        totalSegments: p.totalSegments,
        segment: p.segment,
        select: p.select,
        filter: condition(p.filter, ph),
        projection: projection(p.projection, ph),
      }),
    };
  }

  function sync(p: Obj): DynamoDBSyncRequest {
    const ph = new Placeholders();
    return {
      operation: 'Sync',
      ...present({
        basePartitionKey: p.basePartitionKey,
        deltaIndexName: p.deltaIndexName,
        limit: p.limit,
        nextToken: p.nextToken,
        lastSync: p.lastSync,
        filter: condition(p.filter, ph),
      }),
    };
  }

  function batchGet(p: { tables: Record<string, Obj> }): DynamoDBBatchGetItemRequest {
    const tables: DynamoDBBatchGetItemRequest['tables'] = {};
    for (const [table, spec] of Object.entries(p.tables)) {
      const keys = Array.isArray(spec.keys) ? spec.keys : [];
      tables[table] = { keys: keys.map(key), ...present({ consistentRead: spec.consistentRead, projection: projection(spec.projection, new Placeholders()) }) };
    }
    return { operation: 'BatchGetItem', tables };
  }

  function batchPut(p: { tables: Record<string, unknown[]> }): DynamoDBBatchPutItemRequest {
    const tables: DynamoDBBatchPutItemRequest['tables'] = {};
    for (const [table, items] of Object.entries(p.tables)) tables[table] = items.map(item);
    return { operation: 'BatchPutItem', tables };
  }

  function batchDelete(p: { tables: Record<string, unknown[]> }): DynamoDBBatchDeleteItemRequest {
    const tables: DynamoDBBatchDeleteItemRequest['tables'] = {};
    for (const [table, keys] of Object.entries(p.tables)) tables[table] = keys.map(key);
    return { operation: 'BatchDeleteItem', tables };
  }

  function transactGet(p: { items: Obj[] }): DynamoDBTransactGetItemsRequest {
    return {
      operation: 'TransactGetItems',
      transactItems: p.items.map((t) => ({ table: String(t.table), key: key(t.key), ...present({ projection: projection(t.projection, new Placeholders()) }) })),
    };
  }

  function transactWrite(p: { items: Obj[] }): DynamoDBTransactWriteItemsRequest {
    const transactItems = p.items.map((entry) => {
      const ph = new Placeholders();
      const [kind, spec] = (Object.entries(entry)[0] ?? []) as [string | undefined, Obj | undefined];
      if (spec === undefined) throw new TypeError('each transactWrite item needs putItem, updateItem, deleteItem or conditionCheck');
      const common = { table: String(spec.table), key: key(spec.key) };
      const cond = present({ condition: condition(spec.condition, ph) });
      switch (kind) {
        case 'putItem':
          return { ...common, operation: 'PutItem' as const, attributeValues: item(spec.item), ...cond };
        case 'updateItem':
          return { ...common, operation: 'UpdateItem' as const, update: updateExpression(spec.update, ph), ...cond };
        case 'deleteItem':
          return { ...common, operation: 'DeleteItem' as const, ...cond };
        case 'conditionCheck':
          return { ...common, operation: 'ConditionCheck' as const, ...cond };
        default:
          throw new TypeError(`'${String(kind)}' is not a transactWrite item kind`);
      }
    });
    return { operation: 'TransactWriteItems', transactItems };
  }

  const operations = {
    add: (value: unknown): UpdateOperation => ({ _type: 'add', value }),
    remove: (): UpdateOperation => ({ _type: 'remove' }),
    replace: (value: unknown): UpdateOperation => ({ _type: 'replace', value }),
    increment: (by = 1): UpdateOperation => ({ _type: 'increment', by }),
    decrement: (by = 1): UpdateOperation => ({ _type: 'decrement', by }),
    append: (items: unknown[]): UpdateOperation => ({ _type: 'append', items }),
    prepend: (items: unknown[]): UpdateOperation => ({ _type: 'prepend', items }),
    updateListItem: (value: unknown, index: number): UpdateOperation => ({ _type: 'updateListItem', value, index }),
  };

  return {
    get,
    put,
    remove,
    update,
    query,
    scan,
    sync,
    batchGet,
    batchPut,
    batchDelete,
    transactGet,
    transactWrite,
    /** Documented as `toNumberSet([1, 2, 3])` → `{ "NS": ["1", "2", "3"] }`: strings, unlike util.dynamodb. */
    toStringSet: (list: string[]) => ({ SS: [...list] }),
    toNumberSet: (numbers: number[]) => ({ NS: numbers.map(String) }),
    toBinarySet: (values: string[]) => ({ BS: [...values] }),
    operations,
  };
}

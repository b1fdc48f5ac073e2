/**
 * `@aws-appsync/utils/dynamodb` for the local APPSYNC_JS runtime: the request objects AppSync's
 * own module returns (its EvaluateCode output), documented in "Amazon DynamoDB built-in module"
 * (https://docs.aws.amazon.com/appsync/latest/devguide/built-in-modules-js.html). Keys and items
 * are typed as `util.dynamodb` types them; `condition`, `filter` and `query` are rendered as
 * `util.transform` renders a filter (expressions.ts) and carry no `expressionValues` when they bind
 * none; updates and projections use `#expName_N` / `:expValue_N` aliases.
 *
 * Optional inputs that are absent (undefined or null) are left out of the request object.
 * The local data source runs GetItem, PutItem, UpdateItem, DeleteItem and Query; what this module
 * builds for Scan, Sync, batches and transactions is AppSync's request, which the local data
 * source refuses with a `MappingTemplate` error (docs/fidelity.md).
 */
import { toItemMapValues, type AttributeValueLike } from './attributeValues.js';
import { filterExpression, projectionExpression, updateExpression, type UpdateOperation } from './expressions.js';
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

interface ModuleExpression {
  expression: string;
  expressionNames: Record<string, string>;
  expressionValues?: Record<string, AttributeValueLike>;
}

/** The given fields, without those that are undefined or null. */
function present(fields: Obj): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

/**
 * A condition, filter or key condition as the module embeds it: the `util.transform` rendering
 * as an object, without `expressionValues` when it binds no value; absent when not given. One
 * AppSync cannot render (util.transform's `null`, e.g. `{ expression: '...' }`) fails the handler,
 * as it does on AppSync (evidence in docs/fidelity.md), rather than silently dropping a condition.
 */
function expressionOf(filter: unknown, option: string): ModuleExpression | undefined {
  if (filter === undefined || filter === null) return undefined;
  const built = filterExpression(filter);
  if (built === null) {
    throw new TypeError(
      `@aws-appsync/utils/dynamodb: the ${option} is not a filter object AppSync can render (such as { field: { eq: value } })`,
    );
  }
  const { expression, expressionNames, expressionValues } = built;
  return Object.keys(expressionValues).length > 0 ? { expression, expressionNames, expressionValues } : { expression, expressionNames };
}

function projectionOf(paths: unknown) {
  return Array.isArray(paths) && paths.length > 0 ? projectionExpression(paths.map(String)) : undefined;
}

export function createDynamoDBHelpers(util: LocalUtil) {
  const key = (value: unknown): Record<string, AttributeValueLike> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('key must be an object');
    return util.dynamodb.toMapValues(value as Obj) as Record<string, AttributeValueLike>;
  };
  const item = (value: unknown): Record<string, AttributeValueLike> => toItemMapValues((value ?? {}) as Obj);
  /** The fields writes pass through for versioned (Delta Sync) data sources. */
  const versioning = (p: Obj): Obj =>
    present({ _version: p._version, customPartitionKey: p.customPartitionKey, populateIndexFields: p.populateIndexFields });

  function get(p: Obj): DynamoDBGetItemRequest {
    return {
      operation: 'GetItem',
      key: key(p.key),
      ...present({ consistentRead: p.consistentRead, projection: projectionOf(p.projection) }),
    };
  }

  function put(p: Obj): DynamoDBPutItemRequest {
    return {
      operation: 'PutItem',
      key: key(p.key),
      attributeValues: item(p.item),
      ...present({ condition: expressionOf(p.condition, 'condition') }),
      ...versioning(p),
    };
  }

  function remove(p: Obj): DynamoDBDeleteItemRequest {
    return {
      operation: 'DeleteItem',
      key: key(p.key),
      ...present({ condition: expressionOf(p.condition, 'condition') }),
      ...versioning(p),
    };
  }

  function update(p: Obj): DynamoDBUpdateItemRequest {
    return {
      operation: 'UpdateItem',
      key: key(p.key),
      update: updateExpression(p.update),
      ...present({ condition: expressionOf(p.condition, 'condition') }),
      ...versioning(p),
    } as DynamoDBUpdateItemRequest;
  }

  function query(p: Obj): DynamoDBQueryRequest {
    return {
      operation: 'Query',
      ...present({
        query: expressionOf(p.query, 'query'),
        index: p.index,
        limit: p.limit,
        nextToken: p.nextToken,
        consistentRead: p.consistentRead,
        scanIndexForward: p.scanIndexForward,
        select: p.select,
        filter: expressionOf(p.filter, 'filter'),
        projection: projectionOf(p.projection),
      }),
    } as DynamoDBQueryRequest;
  }

  function scan(p: Obj = {}): DynamoDBScanRequest {
    return {
      operation: 'Scan',
      ...present({
        index: p.index,
        limit: p.limit,
        nextToken: p.nextToken,
        consistentRead: p.consistentRead,
        segment: p.segment,
        totalSegments: p.totalSegments,
        select: p.select,
        filter: expressionOf(p.filter, 'filter'),
        projection: projectionOf(p.projection),
      }),
    };
  }

  function sync(p: Obj = {}): DynamoDBSyncRequest {
    return {
      operation: 'Sync',
      ...present({
        basePartitionKey: p.basePartitionKey,
        deltaIndexName: p.deltaIndexName,
        limit: p.limit,
        nextToken: p.nextToken,
        lastSync: p.lastSync,
        filter: expressionOf(p.filter, 'filter'),
      }),
    };
  }

  function batchGet(p: { tables: Record<string, Obj> }): DynamoDBBatchGetItemRequest {
    const tables: DynamoDBBatchGetItemRequest['tables'] = {};
    for (const [table, spec] of Object.entries(p.tables)) {
      const keys = Array.isArray(spec.keys) ? spec.keys : [];
      tables[table] = {
        keys: keys.map(key),
        ...present({ consistentRead: spec.consistentRead, projection: projectionOf(spec.projection) }),
      };
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
      transactItems: p.items.map((t) => ({
        table: String(t.table),
        key: key(t.key),
        ...present({ projection: projectionOf(t.projection) }),
      })),
    };
  }

  function transactWrite(p: { items: Obj[] }): DynamoDBTransactWriteItemsRequest {
    const transactItems = p.items.map((entry) => {
      const [kind, spec] = (Object.entries(entry)[0] ?? []) as [string | undefined, Obj | undefined];
      if (spec === undefined) throw new TypeError('each transactWrite item needs putItem, updateItem, deleteItem or conditionCheck');
      const common = { table: String(spec.table), key: key(spec.key) };
      const cond = present({ condition: expressionOf(spec.condition, 'condition') });
      switch (kind) {
        case 'putItem':
          return { ...common, operation: 'PutItem' as const, attributeValues: item(spec.item), ...cond };
        case 'updateItem':
          return { ...common, operation: 'UpdateItem' as const, update: updateExpression(spec.update), ...cond };
        case 'deleteItem':
          return { ...common, operation: 'DeleteItem' as const, ...cond };
        case 'conditionCheck':
          return { ...common, operation: 'ConditionCheck' as const, ...cond };
        default:
          throw new TypeError(`'${String(kind)}' is not a transactWrite item kind`);
      }
    });
    return { operation: 'TransactWriteItems', transactItems } as DynamoDBTransactWriteItemsRequest;
  }

  /** AppSync's run-time values (recorded), e.g. `increment(10)` is `{ type: 'OPERATION_INCREMENT', by: 10 }`. */
  const operations = {
    add: (value: unknown): UpdateOperation => ({ type: 'OPERATION_ADD', value }),
    remove: (): UpdateOperation => ({ type: 'OPERATION_REMOVE' }),
    replace: (value: unknown): UpdateOperation => ({ type: 'OPERATION_REPLACE', value }),
    increment: (by?: number): UpdateOperation => ({ type: 'OPERATION_INCREMENT', by }),
    decrement: (by?: number): UpdateOperation => ({ type: 'OPERATION_DECREMENT', by }),
    append: (items: unknown[]): UpdateOperation => ({ type: 'OPERATION_APPEND', items }),
    prepend: (items: unknown[]): UpdateOperation => ({ type: 'OPERATION_PREPEND', items }),
    /**
     * AppSync's marker serialises to nothing (recorded); here it is a plain object like the others,
     * because values cross the resolver's realm boundary as copies of their enumerable members.
     */
    updateListItem: (value: unknown, index: number): UpdateOperation => ({ type: 'OPERATION_UPDATE_LIST_ITEM', value, index }),
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
    /** AppSync returns the list as given (`toNumberSet([1, 2, 3])` is `{ NS: [1, 2, 3] }`, numbers), not the strings its JSDoc shows. */
    toStringSet: (list: string[]) => ({ SS: [...list] }),
    toNumberSet: (numbers: number[]) => ({ NS: [...numbers] }),
    toBinarySet: (values: string[]) => ({ BS: [...values] }),
    operations,
  };
}

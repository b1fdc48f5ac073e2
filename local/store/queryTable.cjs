/**
 * dynalite's `queryTable` (the read behind every Query and Scan) without its `lazy` pipeline.
 *
 * Why: dynalite streams the range through five `lazy` objects per call (the stream's, `takeWhile`,
 * `join` and their inner ones), each an EventEmitter with some forty closures of its own. A 10-item
 * Query allocated ~140 KB, and what was in flight when the young generation filled was promoted:
 * in the store's worker, ~27 KB per Query reached the old generation, each scavenge took 5–16 ms
 * and a mark-compact followed every second or so (docs/performance.md). This reads the same
 * iterator in batches (readStreams.cjs) into a plain array.
 *
 * Exact: the same iterator (dynalite's sub-database, range and limit), read to the same place; the
 * same per-item test as dynalite's `takeWhile` (stop at `Limit` items or 1 MB by dynalite's
 * `itemSize`, capacity counted as it counts it); then dynalite's own `join` body, line for line:
 * filter, `LastEvaluatedKey`, projection, `Count`, `Select`, `ConsumedCapacity`. A call that must
 * fetch items from the table after the index (`fetchFromItemDb`: an index that does not project
 * every attribute, with `Select: ALL_ATTRIBUTES`) keeps dynalite's own pipeline.
 * test/unit/storeReads.test.ts compares generated Queries and Scans, page by page, with
 * dynalite's own.
 */
'use strict';
const { join } = require('node:path');
const { valueIterator, BATCH } = require('./readStreams.cjs');
const { wrapNewStores } = require('./wrapNewStores.cjs');

/** The stores (dynalite's store objects) whose reads go this way; every other store keeps dynalite's. */
const direct = new WeakSet();
/** dynalite db modules already patched, by folder. */
const patched = new Set();

/** dynalite's `join` body for a Query or Scan (node_modules/dynalite/db/index.js, queryTable). */
function answer(db, data, items, count, size, startKeyNames, capacity) {
  const lastItem = items[items.length - 1];
  const queryFilter = data.QueryFilter || data.ScanFilter;
  if (data._filter) {
    items = items.filter((val) => db.matchesExprFilter(val, data._filter.expression));
  } else if (queryFilter) {
    items = items.filter((val) => db.matchesFilter(val, queryFilter, data.ConditionalOperator));
  }
  const result = { ScannedCount: count };
  if (count >= data.Limit || size >= 1024 * 1024) {
    if (data.Limit) items.splice(data.Limit);
    if (lastItem) {
      result.LastEvaluatedKey = startKeyNames.reduce((key, attr) => {
        key[attr] = lastItem[attr];
        return key;
      }, {});
    }
  }
  const paths = data._projection ? data._projection.paths : data.AttributesToGet;
  if (paths) items = items.map((item) => db.mapPaths(paths, item));
  result.Count = items.length;
  if (data.Select != 'COUNT') result.Items = items;
  if (capacity) {
    const tableUnits = Math.ceil(capacity.table / 1024 / 4) * (data.ConsistentRead ? 1 : 0.5);
    const indexUnits = Math.ceil(capacity.index / 1024 / 4) * (data.ConsistentRead ? 1 : 0.5);
    result.ConsumedCapacity = { CapacityUnits: tableUnits + indexUnits, TableName: data.TableName };
    if (data.ReturnConsumedCapacity == 'INDEXES') {
      result.ConsumedCapacity.Table = { CapacityUnits: tableUnits };
      if (data.IndexName) {
        const indexAttr = capacity.isLocal ? 'LocalSecondaryIndexes' : 'GlobalSecondaryIndexes';
        result.ConsumedCapacity[indexAttr] = {};
        result.ConsumedCapacity[indexAttr][data.IndexName] = { CapacityUnits: indexUnits };
      }
    }
  }
  return result;
}

/** Replaces `queryTable` of dynalite's db module (`dynaliteDir`) with one that reads directly for the stores in `direct`. */
function patch(dynaliteDir) {
  if (patched.has(dynaliteDir)) return;
  patched.add(dynaliteDir);
  const db = require(join(dynaliteDir, 'db'));
  const original = db.queryTable;
  db.queryTable = function queryTable(store, table, data, opts, isLocal, fetchFromItemDb, startKeyNames, cb) {
    if (fetchFromItemDb || !direct.has(store)) return original.apply(this, arguments);
    let called = false;
    // Called outside the read's promise chain, as dynalite's join calls it from a stream event: what
    // the callback throws is not taken for a read error.
    const once = (error, result) => {
      if (called) return;
      called = true;
      queueMicrotask(() => cb(error, result));
    };
    const itemDb = store.getItemDb(data.TableName);
    const subDb = data.IndexName ? store.getIndexDb(isLocal ? 'local' : 'global', data.TableName, data.IndexName) : itemDb;
    const iterator = valueIterator(subDb, opts);
    const capacity = ~['TOTAL', 'INDEXES'].indexOf(data.ReturnConsumedCapacity) ? { table: 0, index: 0, isLocal } : null;
    const rangeKey = table.KeySchema[1] && table.KeySchema[1].AttributeName;
    const items = [];
    let size = 0;
    let count = 0;
    /** dynalite's takeWhile: false once Limit items or 1 MB are taken. */
    const take = (val) => {
      if (count >= data.Limit || size >= 1024 * 1024) return false;
      if (capacity) {
        if (data.IndexName) capacity.index += db.itemSize(val);
        else capacity.table += db.itemSize(val);
      }
      count++;
      size += db.itemSize(val, true, true, rangeKey);
      items.push(val);
      return true;
    };
    const finish = (error) => {
      iterator.close().catch(() => {}); // nothing is read after this; a failed close changes no answer
      if (error) once(error);
      else once(null, answer(db, data, items, count, size, startKeyNames, capacity));
    };
    const read = () =>
      iterator
        .nextv(BATCH)
        .then((vals) => {
          if (vals.length === 0) return finish();
          for (const val of vals) if (!take(val)) return finish();
          return read();
        })
        .catch(finish);
    read();
  };
}

/** Makes `store` (a dynalite store given readStreams.cjs) answer Queries and Scans this way. */
function queryDirectly(dynaliteDir, store) {
  patch(dynaliteDir);
  direct.add(store);
}

/** Makes every store dynalite creates in this thread answer Queries and Scans this way. Call before `dynalite()`, after readStreams.cjs. */
function queryDirectlyInNewStores(dynaliteDir) {
  wrapNewStores(dynaliteDir, (store) => queryDirectly(dynaliteDir, store));
}

module.exports = { queryDirectly, queryDirectlyInNewStores };

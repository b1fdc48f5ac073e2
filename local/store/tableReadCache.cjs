/**
 * Keeps dynalite's table descriptions in memory instead of reading LevelDB for each call.
 *
 * Why: every item call (PutItem, Query, ...) starts with `getTable`, one LevelDB read of the
 * table's description — a quarter of the store thread's LevelDB calls per createOrder
 * (docs/performance.md). Descriptions change only through CreateTable, UpdateTable and DeleteTable,
 * which write them through the same `tableDb` object this wraps.
 *
 * Exact: a read is answered from memory only with what LevelDB returned for a read that began and
 * ended while no write to the table list was in flight; any write empties the memory when it is
 * issued and again when it lands. Each caller gets its own fresh object (parsed from the kept
 * JSON), as LevelDB's JSON encoding gives, and the answer still comes on a later turn of the event
 * loop, as LevelDB's does.
 */
'use strict';
const { wrapNewStores } = require('./wrapNewStores.cjs');

/** Wraps `tableDb` (dynalite's table-description sub-database) in place. */
function cacheTableReads(tableDb) {
  const kept = new Map();
  // A write with no callback (dynalite passes one everywhere) has no "landed" signal: stop caching.
  let blind = false;
  let writesInFlight = 0;
  let generation = 0;
  const { get, put, del, batch } = tableDb;

  tableDb.get = function cachedGet(key, callback) {
    const text = kept.get(key);
    if (text !== undefined) {
      setImmediate(callback, null, JSON.parse(text));
      return;
    }
    const startedAt = generation;
    get.call(this, key, (error, value) => {
      if (!error && !blind && writesInFlight === 0 && generation === startedAt && value !== null && typeof value === 'object') {
        kept.set(key, JSON.stringify(value));
      }
      callback(error, value);
    });
  };

  /** A write: forget everything now and once it has landed (or failed). */
  const writing = (write) =>
    function cachedWrite(...args) {
      generation += 1;
      kept.clear();
      if (typeof args[args.length - 1] !== 'function') {
        blind = true;
        return write.apply(this, args);
      }
      const callback = args.pop();
      writesInFlight += 1;
      return write.call(this, ...args, (...results) => {
        writesInFlight -= 1;
        generation += 1;
        kept.clear();
        callback(...results);
      });
    };
  tableDb.put = writing(put);
  tableDb.del = writing(del);
  tableDb.batch = writing(batch);
  return tableDb;
}

/** Makes every store dynalite creates in this thread cache its table reads. Call before `dynalite()`. */
function cacheTableReadsOfNewStores(dynaliteDir) {
  wrapNewStores(dynaliteDir, (store) => cacheTableReads(store.tableDb));
}

module.exports = { cacheTableReads, cacheTableReadsOfNewStores };

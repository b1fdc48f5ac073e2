/**
 * A dynalite sub-database's key stream reads its own keys only, not the whole store.
 *
 * Why: dynalite 4.0.0 keeps every table's items, indexes and tags in one LevelDB under key prefixes
 * (`item-<table>~`, `index-<kind>~<table>~<index>~`, `tag-<table>~`, `table~`). Its sub-database
 * wrapper bounds value streams to the prefix, but its `createKeyStream` reads every key in the store
 * and drops those without the prefix. So ListTables (which the store's worker also runs at every
 * start, to know LevelDB is open), ListTagsOfResource and DeleteTable took time in proportion to all
 * the data: 150–240 ms for ListTables over 50,000 items, seconds over millions.
 *
 * Exact: every key that starts with a prefix ending in `~` sorts at or after the prefix and before
 * the prefix with `~` raised to the next character (LevelDB orders keys by their UTF-8 bytes, and a
 * key's bytes after the prefix cannot reach that), and every key in that range starts with the
 * prefix. So the range holds exactly the keys the filter kept, in the same order, stripped the
 * same way. Only the calls dynalite makes (no options) are bounded; any other keeps dynalite's.
 * test/unit/storeReads.test.ts compares ListTables, ListTagsOfResource and what DeleteTable
 * leaves with dynalite's own.
 */
'use strict';
const { Transform } = require('node:stream');
const { wrapNewStores } = require('./wrapNewStores.cjs');

/** The first string after every string that starts with `prefix` (whose last character is `~`). */
function pastPrefix(prefix) {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Makes `subDb` (a dynalite sub-database wrapper over `mainDb`, keys prefixed with `prefix`) stream only its keys. */
function boundKeyStream(mainDb, subDb, prefix) {
  const unbounded = subDb.createKeyStream;
  subDb.createKeyStream = function createKeyStream(options) {
    if (options !== undefined && Object.keys(options).length > 0) return unbounded.call(this, options);
    const keys = mainDb.createKeyStream({ gte: prefix, lt: pastPrefix(prefix) });
    const stripped = new Transform({
      objectMode: true,
      transform(key, _encoding, callback) {
        callback(null, key.substring(prefix.length));
      },
    });
    // dynalite's stream lost a read error (pipe does not pass it on) and its reader waited forever.
    keys.on('error', (error) => stripped.destroy(error));
    return keys.pipe(stripped);
  };
  subDb.boundKeys = prefix;
  return subDb;
}

/** Bounds the key streams of every sub-database `store` (dynalite's store object) hands out. */
function boundSubDbKeys(store) {
  const { db } = store;
  boundKeyStream(db, store.tableDb, 'table~');
  // dynalite keeps one wrapper per sub-database (a new one after DeleteTable): each is bound once,
  // and a bound one is handed out as it is, with no prefix built (getItemDb runs on every item call).
  const bound = (subDb, prefix) => (subDb.boundKeys === undefined ? boundKeyStream(db, subDb, prefix()) : subDb);
  const { getItemDb, getIndexDb, getTagDb } = store;
  store.getItemDb = (name) => bound(getItemDb(name), () => `item-${name}~`);
  store.getIndexDb = (indexType, tableName, indexName) =>
    bound(getIndexDb(indexType, tableName, indexName), () => `index-${indexType.toLowerCase()}~${tableName}~${indexName}~`);
  store.getTagDb = (name) => bound(getTagDb(name), () => `tag-${name}~`);
  return store;
}

/** Bounds the sub-database key streams of every store dynalite creates in this thread. Call before `dynalite()`. */
function boundSubDbKeysInNewStores(dynaliteDir) {
  wrapNewStores(dynaliteDir, boundSubDbKeys);
}

module.exports = { boundSubDbKeys, boundSubDbKeysInNewStores };

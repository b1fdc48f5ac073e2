/**
 * Closes the LevelDB iterators behind dynalite's read streams, which dynalite 4.0.0 never closes.
 *
 * Why: dynalite 4 reads through `createValueStream` / `createKeyStream` (every Query, Scan,
 * ListTables, DeleteTable): an abstract-level iterator in a Readable whose `destroy` — run when the
 * stream ends (autoDestroy) or is abandoned — calls `iterator.return()`, a method abstract-level's
 * iterators do not have, so nothing is closed. abstract-level keeps every open iterator in its
 * database's resource set until `close()`, so each read leaked its iterators, their cached entries
 * and the native LevelDB iterator (which pins the memtables and files current when it opened):
 * ~2 KB of heap per 10-item Query that not even a full GC frees, and garbage promoted by every
 * scavenge (docs/performance.md).
 *
 * The repair gives those iterators the `return()` dynalite calls: abstract-level's own `close()`
 * (idempotent; waits for a read in progress). dynalite's streams and everything they answer are
 * unchanged (test/unit/storeIterators.test.ts).
 */
'use strict';
const { wrapNewStores } = require('./wrapNewStores.cjs');

/** Makes the iterators dynalite's streams open on `levelDb` (dynalite's main LevelDB, `store.db`) closable by `return()`. */
function closeStreamIterators(levelDb) {
  for (const method of ['values', 'keys']) {
    const open = levelDb[method];
    levelDb[method] = function openClosable(...args) {
      const iterator = open.apply(this, args);
      if (typeof iterator.return !== 'function') iterator.return = () => iterator.close();
      return iterator;
    };
  }
  return levelDb;
}

/** Makes every store dynalite creates in this thread close its iterators (its sub-databases read through the main one's streams). */
function closeIteratorsOfNewStores(dynaliteDir) {
  wrapNewStores(dynaliteDir, (store) => closeStreamIterators(store.db));
}

module.exports = { closeStreamIterators, closeIteratorsOfNewStores };

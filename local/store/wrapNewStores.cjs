/**
 * Runs `wrap(store)` on every store dynalite creates in this thread, before dynalite uses it: wraps
 * `create` of dynalite's db module (`dynaliteDir`: its package folder). Call before `dynalite()`.
 * (dynalite's `recreate()`, after a close and a new listen, calls its module-local `create` and is
 * not reached; the worker never listens again after closing.)
 */
'use strict';

function wrapNewStores(dynaliteDir, wrap) {
  const db = require(require('node:path').join(dynaliteDir, 'db'));
  const create = db.create;
  db.create = function createWrapped(...args) {
    const store = create.apply(this, args);
    wrap(store);
    return store;
  };
}

module.exports = { wrapNewStores };

/**
 * The membrane's copies into a resolver's realm (local/engine/runtime/realmMembrane.ts): plain data
 * is copied by value, into the realm's own objects; an object marked with keepAccessors keeps its
 * getters lazy, as ctx.info's selection sets are computed only when the resolver reads them.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { restrictToAppSyncJs } from '../../local/engine/runtime/appsyncJsSubset.js';
import { createMembrane, keepAccessors } from '../../local/engine/runtime/realmMembrane.js';

function realm() {
  const context = vm.createContext({});
  // Read before the realm is cut down (it has no Object.getPrototypeOf afterwards).
  const vmObjectPrototype = vm.runInContext('Object.getPrototypeOf({})', context) as object;
  const tools = restrictToAppSyncJs(context);
  return { membrane: createMembrane(tools), vmObjectPrototype };
}

describe('the membrane into a resolver realm', () => {
  it('copies plain data by value, into the realm’s own objects, keys in order', () => {
    const { membrane, vmObjectPrototype } = realm();
    const host = { b: 1, a: [1, { c: null }], n: Object.assign(Object.create(null) as object, { x: 'y' }), u: undefined };
    const copy = membrane.toVm(host) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(vmObjectPrototype);
    expect(Object.keys(copy)).toEqual(['b', 'a', 'n', 'u']);
    expect(JSON.stringify(membrane.toHost(copy))).toBe(JSON.stringify(host));
    expect(copy.a).not.toBe(host.a);
    (host.a[1] as { c: unknown }).c = 'changed';
    expect(((copy.a as unknown[])[1] as { c: unknown }).c).toBeNull();
  });

  it('keeps the getters of an object marked with keepAccessors lazy: read when the resolver reads them', () => {
    const { membrane } = realm();
    let reads = 0;
    const info = keepAccessors({
      fieldName: 'userOrders',
      get selectionSetList() {
        reads += 1;
        return ['items', 'items/order_id'];
      },
    });
    const copy = membrane.toVm({ info }) as { info: { fieldName: string; selectionSetList: string[] } };
    expect(reads).toBe(0);
    expect(copy.info.fieldName).toBe('userOrders');
    expect([...copy.info.selectionSetList]).toEqual(['items', 'items/order_id']);
    expect(reads).toBe(1);
    expect(Object.getOwnPropertyDescriptor(copy.info, 'selectionSetList')?.get).toBeTypeOf('function');
  });

  it('ctx.info as the executor builds it is marked: its selection sets stay lazy', async () => {
    const { resolverContext } = await import('../../local/engine/runUnitResolver.js');
    const ctx = resolverContext({
      caller: { authType: 'API_KEY', identity: null, headers: {} },
      source: null,
      args: {},
      env: {},
      info: { fieldName: 'f', parentType: { name: 'Query' }, variableValues: {} } as never,
    });
    const { membrane } = realm();
    // Reading the selection set of this fake info would throw: the copy must not read it.
    expect(() => membrane.toVm(ctx)).not.toThrow();
  });
});

/**
 * Properties over real HTTP against the local runtime (a smaller sample than the direct checks in
 * validation.test.ts, since every run is a request): bad input is refused naming the field and
 * writes nothing; good input is stored as sent; listing is newest first and paging visits every
 * order exactly once for any number of orders and any limit. Also runs against DynamoDB Local.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createOrder, userOrders, type LocalServer } from '../../harness/localServer.js';
import { withServerAndTable, type TableReader } from '../support/table.js';

let server: LocalServer;
let table: TableReader;
let seq = 0;
const fresh = (prefix: string): string => `${prefix}-${process.pid}-${(seq += 1)}`;

withServerAndTable((s, t) => {
  server = s;
  table = t;
});

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const validChar = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !c.includes('#') && !CONTROL.test(c));
const validId = fc
  .array(validChar, { minLength: 1, maxLength: 30 })
  .map((a) => a.join(''))
  .filter((s) => [...s].length <= 100);
const badId = fc.oneof(
  fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}#${b}`),
  fc
    .tuple(
      fc.string({ maxLength: 20 }),
      fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f),
    )
    .map(([a, c]) => `${a}${String.fromCharCode(c)}`),
  fc.integer({ min: 101, max: 400 }).map((n) => 'x'.repeat(n)),
  fc.constant(''),
);
const money = fc.oneof(
  fc.constantFrom(0, 110, 1e12, 0.1 + 0.2, 12.34),
  fc.double({ min: 1e-6, max: 1e12, noNaN: true }),
  fc.integer({ min: 0, max: 1_000_000 }).map((c) => c / 100),
);

describe('createOrder over HTTP', () => {
  test.prop([fc.constantFrom('store_id', 'order_id', 'user_id'), badId], { numRuns: 40 })(
    'refuses any invalid id with a ValidationError naming the field; nothing is written',
    async (field, bad) => {
      const s = fresh('pbad');
      const input = { store_id: s, order_id: 'o', user_id: 'u', grand_total: 1, [field]: bad };
      const { status, body } = await createOrder(server, input);
      expect(status).toBe(200);
      expect(body.data).toEqual({ createOrder: null });
      expect(body.errors![0]!.errorType).toBe('ValidationError');
      expect(body.errors![0]!.message).toContain(field);
      expect(await table.storeItems(s)).toEqual([]);
    },
  );

  test.prop(
    [
      fc.oneof(
        fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: 1e12, minExcluded: true, noNaN: true, noDefaultInfinity: true }),
      ),
    ],
    { numRuns: 20 },
  )('refuses any total below 0 or above 1e12', async (total) => {
    const s = fresh('ptot');
    const { body } = await createOrder(server, { store_id: s, order_id: 'o', user_id: 'u', grand_total: total });
    expect(body.errors![0]!.errorType).toBe('ValidationError');
    expect(body.errors![0]!.message).toContain('grand_total');
    expect(await table.storeItems(s)).toEqual([]);
  });

  test.prop([validId, validId, validId, money], { numRuns: 40 })(
    'stores any valid order exactly as sent and lists it',
    async (storeSuffix, order_id, user_id, grand_total) => {
      const store_id = `${fresh('pok')}-${storeSuffix}`.slice(0, 60);
      const { body } = await createOrder(server, { store_id, order_id, user_id, grand_total });
      expect(body.errors).toBeUndefined();
      const created = body.data!.createOrder;
      expect(created).toMatchObject({ store_id, order_id, user_id, grand_total });
      expect(await table.get(store_id, order_id)).toEqual({ ...created, write_id: expect.any(String) });
      const listed = (await userOrders(server, { store_id, user_id })).body.data!.userOrders;
      expect(listed.items).toEqual([created]);
    },
  );
});

describe('userOrders over HTTP', () => {
  test.prop([fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 10 }), fc.boolean()], { numRuns: 15 })(
    'pages visit every order exactly once, newest first; every page but the last is full',
    async (count, limit, concurrent) => {
      const s = fresh('ppage');
      const make = (i: number) => createOrder(server, { store_id: s, order_id: `o${i}`, user_id: 'pager', grand_total: i });
      // Another user whose id extends this one's must never show up.
      await createOrder(server, { store_id: s, order_id: 'intruder', user_id: 'pager1', grand_total: 1 });
      if (concurrent) {
        for (const r of await Promise.all(Array.from({ length: count }, (_, i) => make(i)))) expect(r.body.errors).toBeUndefined();
      } else {
        for (let i = 0; i < count; i += 1) expect((await make(i)).body.errors).toBeUndefined();
      }
      const seen: string[] = [];
      const sizes: number[] = [];
      let last = Infinity;
      let nextToken: string | null = null;
      do {
        const { body } = await userOrders(server, { store_id: s, user_id: 'pager', limit, nextToken });
        expect(body.errors).toBeUndefined();
        const page = body.data!.userOrders;
        sizes.push(page.items.length);
        for (const o of page.items) {
          const ms = Number(o.timestamp.split('#')[1]);
          expect(o.user_id).toBe('pager');
          expect(ms).toBeLessThanOrEqual(last);
          last = ms;
          seen.push(o.order_id);
        }
        nextToken = page.nextToken;
      } while (nextToken !== null && sizes.length <= count + 2);
      expect(nextToken).toBeNull();
      expect([...seen].sort()).toEqual(Array.from({ length: count }, (_, i) => `o${i}`).sort());
      expect(sizes.slice(0, -1).every((n) => n === limit)).toBe(true);
      // Sequential creates have increasing timestamps: then the order is exactly reverse creation.
      if (!concurrent && new Set(seen).size === seen.length) {
        const epochs = (await table.storeItems(s)).filter((o) => o.user_id === 'pager').map((o) => String(o.timestamp));
        if (new Set(epochs).size === epochs.length) expect(seen).toEqual(Array.from({ length: count }, (_, i) => `o${count - 1 - i}`));
      }
    },
  );
});

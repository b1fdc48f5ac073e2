/**
 * `npm run backfill`: orders written the old way (as the seed's Lambda did: no created_at) get
 * created_at from their timestamp, through the real CLI against the server's store (embedded
 * dynalite over its Unix socket, or DynamoDB Local under vitest.dynamodb-local.config.ts).
 */
import { CreateTableCommand, DeleteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../definitions/paths.js';
import { createTableInput, ensureTable } from '../../local/store/ensureTable.js';
import { backfillClient } from '../../scripts/backfill/client.js';
import { runBackfill } from '../../scripts/backfill/run.js';
import { createOrder, userOrders, type LocalServer } from '../../harness/localServer.js';
import { withServerAndTable } from '../support/table.js';

let server: LocalServer;
withServerAndTable((s) => {
  server = s;
});

let doc: DynamoDBDocumentClient;
let client: DynamoDBClient;
beforeAll(() => {
  doc = backfillClient(server.storeEndpoint);
  client = doc as unknown as DynamoDBClient;
});
afterAll(() => doc?.destroy());

const work = mkdtempSync(join(tmpdir(), 'backfill-'));
let counter = 0;
const unique = (prefix: string): string => `${prefix}_${process.pid}_${(counter += 1)}`;

/** A fresh Orders table (the seed's keys and index) in the server's store, so runs never see each other's items. */
async function freshTable(): Promise<string> {
  const name = unique('Backfill');
  await ensureTable(client, name);
  return name;
}

/** An order as the seed's Lambda wrote it: no created_at, timestamp `<user>#<epoch ms>`. */
const oldItem = (store_id: string, order_id: string, ms: number) => ({
  store_id,
  order_id,
  user_id: 'user1',
  grand_total: 110,
  timestamp: `user1#${ms}`,
});

async function putAll(table: string, items: Record<string, unknown>[]): Promise<void> {
  for (const Item of items) await doc.send(new PutCommand({ TableName: table, Item }));
}

async function allItems(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.store_id}/${a.order_id}`.localeCompare(`${b.store_id}/${b.order_id}`));
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run backfill -- …` as a real process (tsx, as the npm script runs it). */
function backfill(...args: string[]): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'scripts/backfill.ts'), '--endpoint', server.storeEndpoint, ...args],
    {
      cwd: projectRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The last progress line's "written N" (or "would write N"). */
const written = (run: CliRun): number => Number([...run.stdout.matchAll(/(?:written|would write) (\d+)/g)].at(-1)?.[1]);

describe('npm run backfill', () => {
  it('gives old items created_at from timestamp, leaves new ones alone, and the API lists the same values', async () => {
    const store = unique('store');
    const times = [1544092158240, 1544092152000, 1544092147627, 1544092143040, 1544092138603];
    await putAll(
      server.tableName,
      times.map((ms, i) => oldItem(store, `order${8 - i}`, ms)),
    );
    const created = await createOrder(server, { store_id: store, order_id: 'order9', user_id: 'user1', grand_total: 5 });
    expect(created.body.errors).toBeUndefined();
    const newOrderBefore = (await doc.send(new GetCommand({ TableName: server.tableName, Key: { store_id: store, order_id: 'order9' } })))
      .Item;
    const listedBefore = (await userOrders(server, { store_id: store, user_id: 'user1', limit: 10 })).body.data!.userOrders.items;

    const checkpoint = join(work, 'api.json');
    const run = await backfill('--table', server.tableName, '--checkpoint', checkpoint, '--rate', '500');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${server.tableName}: keys and index "timestamp-index" as the stack needs`);
    expect(written(run)).toBe(5);

    for (const [i, ms] of times.entries()) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: server.tableName, Key: { store_id: store, order_id: `order${8 - i}` }, ConsistentRead: true }),
      );
      expect(Item).toEqual({ ...oldItem(store, `order${8 - i}`, ms), created_at: new Date(ms).toISOString() });
    }
    expect((await doc.send(new GetCommand({ TableName: server.tableName, Key: { store_id: store, order_id: 'order9' } }))).Item).toEqual(
      newOrderBefore,
    );
    const listedAfter = (await userOrders(server, { store_id: store, user_id: 'user1', limit: 10 })).body.data!.userOrders.items;
    expect(listedAfter).toEqual(listedBefore);
    expect(JSON.parse(readFileSync(checkpoint, 'utf8'))).toMatchObject({
      table: server.tableName,
      complete: true,
      counts: { updated: 5, alreadyDone: 0 },
    });
  });

  it('a second run changes nothing: with the finished checkpoint, and scanning again from the start', async () => {
    const table = await freshTable();
    await putAll(
      table,
      [1, 2, 3, 4].map((n) => oldItem('s', `o${n}`, 1544092000000 + n)),
    );
    const checkpoint = join(work, `${table}.json`);
    expect(written(await backfill('--table', table, '--checkpoint', checkpoint))).toBe(4);
    const after = await allItems(table);

    const again = await backfill('--table', table, '--checkpoint', checkpoint);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already backfilled');
    const rescan = await backfill('--table', table, '--checkpoint', checkpoint, '--restart');
    expect(rescan.code).toBe(0);
    expect(rescan.stdout).toMatch(/written 0, already done 0, unparseable 0/);
    expect(await allItems(table)).toEqual(after);
  });

  it('--dry-run counts what it would write and writes nothing, not even a checkpoint', async () => {
    const table = await freshTable();
    const items = [
      oldItem('s', 'a', 1544092000001),
      oldItem('s', 'b', 1544092000002),
      { ...oldItem('s', 'c', 0), created_at: '2020-01-01T00:00:00.000Z' },
    ];
    await putAll(table, items);
    const checkpoint = join(work, `${table}.json`);
    const run = await backfill('--table', table, '--checkpoint', checkpoint, '--dry-run');
    expect(run.code).toBe(0);
    expect(written(run)).toBe(2);
    expect(run.stdout).toContain('would write 2');
    expect(await allItems(table)).toEqual(items);
    expect(existsSync(checkpoint)).toBe(false);
  });

  it('an interrupted run resumes from its saved Scan position', async () => {
    const table = await freshTable();
    // One partition: a Scan visits its items in sort-key order, so "before the position" is known.
    const ids = Array.from({ length: 12 }, (_, i) => `o${String(i + 1).padStart(2, '0')}`);
    await putAll(
      table,
      ids.map((id, i) => oldItem('s', id, 1544092000000 + i)),
    );
    const checkpoint = join(work, `${table}.json`);

    const first = await backfill('--table', table, '--checkpoint', checkpoint, '--page-size', '4', '--max-items', '5');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('run the same command again to resume');
    expect(written(first)).toBe(5);
    const saved = JSON.parse(readFileSync(checkpoint, 'utf8'));
    expect(saved).toMatchObject({ complete: false, cursor: { store_id: 's', order_id: 'o05' } });
    expect((await allItems(table)).filter((i) => i.created_at).map((i) => i.order_id)).toEqual(ids.slice(0, 5));

    // An old item the first run had already passed: a resumed run does not go back for it.
    await putAll(table, [oldItem('s', 'o00', 1544091999999)]);
    const resumed = await backfill('--table', table, '--checkpoint', checkpoint, '--page-size', '4');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resuming');
    expect(written(resumed)).toBe(12); // totals over both runs: 5 + the 7 after o05
    const items = await allItems(table);
    expect(items.filter((i) => !i.created_at).map((i) => i.order_id)).toEqual(['o00']);
    expect(JSON.parse(readFileSync(checkpoint, 'utf8'))).toMatchObject({ complete: true, counts: { updated: 12, alreadyDone: 0 } });

    const restarted = await backfill('--table', table, '--checkpoint', checkpoint, '--restart');
    expect(written(restarted)).toBe(1);
    expect((await allItems(table)).every((i) => i.created_at === new Date(Number(String(i.timestamp).split('#')[1])).toISOString())).toBe(
      true,
    );
  });

  it('never writes an item twice: one that gained created_at after the Scan read it is left as it is', async () => {
    const table = await freshTable();
    const ids = ['a', 'b', 'c'];
    await putAll(
      table,
      ids.map((id, i) => oldItem('s', id, 1544092000000 + i)),
    );
    // The run asks shouldStop before each Scan page and before each item: at the first item (the
    // page already read) another writer — a concurrent run, or the new API — sets created_at.
    let asked = 0;
    const outcome = await runBackfill(
      {
        table,
        indexName: 'timestamp-index',
        dryRun: false,
        rate: 1000,
        pageSize: 10,
        checkpointPath: join(work, `${table}.json`),
        restart: false,
        checkOnly: false,
      },
      doc,
      {
        report: () => undefined,
        shouldStop: async () => {
          asked += 1;
          if (asked === 2) {
            for (const id of ids) {
              await doc.send(
                new UpdateCommand({
                  TableName: table,
                  Key: { store_id: 's', order_id: id },
                  UpdateExpression: 'SET created_at = :c',
                  ExpressionAttributeValues: { ':c': 'set by another writer' },
                }),
              );
            }
          }
          return false;
        },
      },
    );
    expect(outcome).toMatchObject({ kind: 'done', counts: { matched: 3, updated: 0, alreadyDone: 3 } });
    expect((await allItems(table)).map((i) => i.created_at)).toEqual(ids.map(() => 'set by another writer'));
  });

  it('leaves an item without epoch milliseconds alone and names it; does not recreate a deleted one', async () => {
    const table = await freshTable();
    await putAll(table, [{ ...oldItem('s', 'bad', 0), timestamp: 'user1#yesterday' }, oldItem('s', 'ok', 1544092000000)]);
    const run = await backfill('--table', table, '--checkpoint', join(work, `${table}.json`));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/written 1, already done 0, unparseable 1/);
    expect(run.stderr).toContain('{"store_id":"s","order_id":"bad"}');
    expect((await allItems(table)).find((i) => i.order_id === 'bad')).not.toHaveProperty('created_at');

    await client.send(new DeleteItemCommand({ TableName: table, Key: { store_id: { S: 's' }, order_id: { S: 'ok' } } }));
    await backfill('--table', table, '--checkpoint', join(work, `${table}-2.json`));
    expect((await allItems(table)).map((i) => i.order_id)).toEqual(['bad']);
  });

  it('--check-only refuses a table without the timestamp LSI, and a wrong --index-name', async () => {
    const bare = unique('NoIndex');
    const { LocalSecondaryIndexes: _lsi, ...input } = createTableInput(bare);
    await client.send(
      new CreateTableCommand({
        ...input,
        AttributeDefinitions: input.AttributeDefinitions!.filter((d) => d.AttributeName !== 'timestamp'),
      }),
    );
    await ensureTable(client, bare); // waits until ACTIVE
    const refused = await backfill('--table', bare, '--check-only');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no local secondary index "timestamp-index"');

    const table = await freshTable();
    expect((await backfill('--table', table, '--check-only')).code).toBe(0);
    const wrongName = await backfill('--table', table, '--check-only', '--index-name', 'by-user-time');
    expect(wrongName.code).toBe(2);
    expect(wrongName.stderr).toContain('no local secondary index "by-user-time"');
    expect((await backfill('--rate', '0', '--table', table)).stderr).toContain('--rate must be a positive integer');
  });
});

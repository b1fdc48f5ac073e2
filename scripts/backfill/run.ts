/**
 * The backfill itself: Scan the table for items without created_at (a Scan is right for a one-off
 * migration tool; the API never scans), and give each one created_at from its timestamp with one
 * conditional UpdateItem — `attribute_not_exists(created_at)`, so no item is ever written twice,
 * whatever runs overlap or repeat; `attribute_exists(store_id)` so a deleted order is not
 * recreated; `timestamp = :ts` so the value matches the timestamp it came from.
 * Paced to `rate` updates a second; the Scan position is saved after every page and on stop.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.Pagination
 */
import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ordersTable } from '../../definitions/ordersTable.js';
import { loadCheckpoint, saveCheckpoint, zeroCounts, type BackfillCounts, type ItemKey } from './checkpoint.js';
import { createdAtFromTimestamp } from './createdAt.js';
import type { BackfillOptions } from './options.js';

export interface BackfillHooks {
  /** A progress or summary line. */
  report(line: string): void;
  /** Asked before each item (after its Scan page was read): true stops the run cleanly (SIGINT), saving the position. */
  shouldStop(): boolean | Promise<boolean>;
  /** DynamoDB's approximate item count, for the progress percentage. */
  approximateItems?: number;
}

export type BackfillOutcome =
  | { kind: 'done' | 'stopped' | 'alreadyComplete'; counts: BackfillCounts; totals: BackfillCounts; unparseableKeys: ItemKey[] }
  | { kind: 'problem'; problem: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const names = { '#pk': ordersTable.partitionKey, '#sk': ordersTable.sortKey, '#ts': ordersTable.userTimeIndex.sortKey, '#c': 'created_at' };
const keyOf = (item: Record<string, unknown>): ItemKey => ({
  [ordersTable.partitionKey]: String(item[ordersTable.partitionKey]),
  [ordersTable.sortKey]: String(item[ordersTable.sortKey]),
});

/** Waits so that calls start no closer than 1/rate seconds apart. */
function pacer(rate: number): () => Promise<void> {
  let nextAt = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, nextAt);
    nextAt = at + 1000 / rate;
    if (at > now) await sleep(at - now);
  };
}

export async function runBackfill(
  options: BackfillOptions,
  client: DynamoDBDocumentClient,
  hooks: BackfillHooks,
): Promise<BackfillOutcome> {
  // A dry run neither reads nor writes the checkpoint: it always looks at the whole table.
  const saved = options.dryRun || options.restart ? undefined : loadCheckpoint(options.checkpointPath, options.table);
  if (saved !== undefined && 'problem' in saved) return { kind: 'problem', problem: saved.problem };
  const before = saved?.counts ?? zeroCounts();
  if (saved?.complete) {
    hooks.report(`checkpoint ${options.checkpointPath} says ${options.table} is already backfilled; --restart scans again`);
    return { kind: 'alreadyComplete', counts: zeroCounts(), totals: before, unparseableKeys: [] };
  }

  const counts = zeroCounts();
  const totals = (): BackfillCounts => {
    const sum = zeroCounts();
    for (const key of Object.keys(sum) as (keyof BackfillCounts)[]) sum[key] = before[key] + counts[key];
    return sum;
  };
  const unparseableKeys: ItemKey[] = [];
  const pace = pacer(options.rate);
  const started = Date.now();
  let lastReport = started;
  const verb = options.dryRun ? 'would write' : 'written';
  const progress = (): string => {
    const t = totals();
    // DynamoDB's count lags (about six hours): no percentage once the scan has passed it.
    const of =
      hooks.approximateItems && t.scanned <= hooks.approximateItems
        ? ` (~${Math.round((100 * t.scanned) / hooks.approximateItems)}% of about ${hooks.approximateItems})`
        : '';
    // A dry run writes nothing: no rate, and no "already done" (it cannot know without writing).
    if (options.dryRun)
      return `${options.table} (dry run, nothing written): scanned ${t.scanned}${of}, ${verb} ${t.updated}, unparseable ${t.unparseable}`;
    const perSecond = (counts.updated / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
    return `${options.table}: scanned ${t.scanned}${of}, ${verb} ${t.updated}, already done ${t.alreadyDone}, unparseable ${t.unparseable} — ${perSecond} updates/s`;
  };
  const save = (cursor: ItemKey | undefined, complete: boolean): void => {
    if (options.dryRun) return;
    saveCheckpoint(options.checkpointPath, {
      table: options.table,
      ...(cursor ? { cursor } : {}),
      complete,
      counts: totals(),
      savedAt: new Date().toISOString(),
    });
  };

  let cursor: ItemKey | undefined = saved?.cursor;
  if (cursor) hooks.report(`resuming ${options.table} after ${JSON.stringify(cursor)} (${options.checkpointPath})`);
  const limitReached = () => options.maxItems !== undefined && counts.matched >= options.maxItems;
  let stopped = false;

  scan: do {
    if (limitReached() || (await hooks.shouldStop())) {
      stopped = true;
      break;
    }
    const page = await client.send(
      new ScanCommand({
        TableName: options.table,
        Limit: options.pageSize,
        ExclusiveStartKey: cursor,
        FilterExpression: 'attribute_not_exists(#c)',
        ProjectionExpression: '#pk, #sk, #ts',
        ExpressionAttributeNames: names,
      }),
    );
    counts.scanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      if (limitReached() || (await hooks.shouldStop())) {
        stopped = true;
        break scan;
      }
      counts.matched += 1;
      const createdAt = createdAtFromTimestamp(item[ordersTable.userTimeIndex.sortKey]);
      if (createdAt === null) {
        counts.unparseable += 1;
        if (unparseableKeys.length < 100) unparseableKeys.push(keyOf(item));
      } else if (options.dryRun) {
        counts.updated += 1;
      } else {
        await pace();
        counts[
          (await setCreatedAt(client, options.table, keyOf(item), item[ordersTable.userTimeIndex.sortKey] as string, createdAt))
            ? 'updated'
            : 'alreadyDone'
        ] += 1;
      }
      // Resuming from this item's key goes on with the next one (ExclusiveStartKey is exclusive).
      cursor = keyOf(item);
      if (Date.now() - lastReport >= 1000) {
        lastReport = Date.now();
        hooks.report(progress());
      }
    }
    cursor = page.LastEvaluatedKey as ItemKey | undefined;
    save(cursor, cursor === undefined);
  } while (cursor !== undefined);

  if (stopped) save(cursor, false);
  hooks.report(progress());
  if (stopped && !options.dryRun)
    hooks.report(`stopped; the position is saved in ${options.checkpointPath}: run the same command again to resume`);
  return { kind: stopped ? 'stopped' : 'done', counts, totals: totals(), unparseableKeys };
}

/** One conditional UpdateItem; false when its condition failed (already done, gone, or changed). */
async function setCreatedAt(
  client: DynamoDBDocumentClient,
  table: string,
  key: ItemKey,
  timestamp: string,
  createdAt: string,
): Promise<boolean> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET #c = :c',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#c) AND #ts = :ts',
        ExpressionAttributeNames: { '#pk': names['#pk'], '#c': names['#c'], '#ts': names['#ts'] },
        ExpressionAttributeValues: { ':c': createdAt, ':ts': timestamp },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

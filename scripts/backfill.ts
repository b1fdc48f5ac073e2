/**
 * `npm run backfill -- --table <name> [--endpoint …] [--dry-run] [--rate N] …`: gives every order
 * the old Lambda API wrote a `created_at` taken from its `timestamp` (docs/migration.md).
 * Optional: the API already lists such orders correctly; this makes the stored items whole.
 * Checks the table first (keys and `timestamp` LSI), then scans, pacing and saving its position.
 * Exit: 0 done (or stopped cleanly, position saved), 1 failure, 2 bad arguments or wrong table.
 */
import { checkOrdersTable } from './backfill/tableCheck.js';
import { backfillClient } from './backfill/client.js';
import { parseBackfillArgs, USAGE } from './backfill/options.js';
import { runBackfill } from './backfill/run.js';

async function main(): Promise<number> {
  const parsed = parseBackfillArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`${parsed.problem}\n${USAGE}`);
    return 2;
  }
  const { options } = parsed;
  const client = backfillClient(options.endpoint);
  try {
    const check = await checkOrdersTable(client, options.table, options.indexName);
    for (const warning of check.warnings) console.error(`warning: ${warning}`);
    if (check.problems.length > 0) {
      console.error(`${options.table} is not usable by the Orders stack:\n${check.problems.map((p) => `- ${p}`).join('\n')}`);
      return 2;
    }
    console.log(`${options.table}: keys and index "${options.indexName}" as the stack needs; about ${check.approximateItems} items`);
    if (options.checkOnly) return 0;

    let interrupted = false;
    const onSignal = (): void => {
      interrupted = true;
      console.error('stopping after the current item…');
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const outcome = await runBackfill(options, client, {
      report: (line) => console.log(line),
      shouldStop: () => interrupted,
      approximateItems: check.approximateItems,
    });
    if (outcome.kind === 'problem') {
      console.error(outcome.problem);
      return 2;
    }
    if (outcome.unparseableKeys.length > 0) {
      console.error(`left alone (no epoch milliseconds in timestamp): ${outcome.unparseableKeys.map((k) => JSON.stringify(k)).join(' ')}`);
    }
    return 0;
  } catch (error) {
    console.error(`backfill failed: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    client.destroy();
  }
}

process.exitCode = await main();

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

/** The SDK's error, said so that the next step is clear where a newcomer's setup is the cause. */
function failureMessage(error: Error, endpoint: string | undefined): string {
  if (endpoint === undefined && /Region is missing/.test(error.message))
    return 'no --endpoint, so the backfill goes to DynamoDB in AWS, and no region is set: set AWS_REGION (and credentials), or give --endpoint (for the local server: --endpoint .data/store/dynamodb.sock).';
  if (endpoint === undefined && error.name === 'CredentialsProviderError')
    return `no --endpoint, so the backfill goes to DynamoDB in AWS, and no AWS credentials were found (${error.message}): set them (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or give --endpoint for a local store.`;
  if (error.name === 'UnknownOperationException')
    return `${endpoint} answered UnknownOperationException: it is not a DynamoDB endpoint. The local server's store is its Unix socket, DATA_DIR/store/dynamodb.sock (the ready line's "store embedded …"): --endpoint .data/store/dynamodb.sock.`;
  return `${error.name}: ${error.message}`;
}

async function main(): Promise<number> {
  const parsed = parseBackfillArgs(process.argv.slice(2));
  if (parsed.ok === 'help') {
    console.log(USAGE);
    return 0;
  }
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
    // DynamoDB updates ItemCount about every six hours; 0 may mean "not counted yet".
    const count =
      check.approximateItems > 0
        ? `about ${check.approximateItems} items`
        : 'item count not known yet (DynamoDB updates it about every six hours)';
    console.log(`${options.table}: keys and index "${options.indexName}" as the stack needs; ${count}`);
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
    console.error(`backfill failed: ${failureMessage(error as Error, options.endpoint)}`);
    return 1;
  } finally {
    client.destroy();
  }
}

process.exitCode = await main();

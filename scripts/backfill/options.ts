/** `npm run backfill -- …` arguments, parsed once into checked options (errors as values). */
import { parseArgs } from 'node:util';
import { ordersTable } from '../../definitions/ordersTable.js';

export interface BackfillOptions {
  /** The table to backfill. */
  readonly table: string;
  /** Its `timestamp` LSI (checked before anything is written). */
  readonly indexName: string;
  /** A DynamoDB-compatible endpoint URL or the embedded store's Unix socket; unset: AWS itself. */
  readonly endpoint?: string;
  /** Count what would be written; write nothing (not even the checkpoint). */
  readonly dryRun: boolean;
  /** At most this many UpdateItem calls per second. */
  readonly rate: number;
  /** Items per Scan page (also how often the checkpoint is saved). */
  readonly pageSize: number;
  /** Where the Scan position is kept between runs. */
  readonly checkpointPath: string;
  /** Stop (saving the position) after this many items lacking created_at. */
  readonly maxItems?: number;
  /** Ignore a saved position and scan from the start. */
  readonly restart: boolean;
  /** Only check the table's keys and index (DescribeTable), then stop. */
  readonly checkOnly: boolean;
}

export type ParsedOptions = { ok: true; options: BackfillOptions } | { ok: false; problem: string } | { ok: 'help' };

export const USAGE = `usage: npm run backfill -- --table <name> [--endpoint <url|socket>] [--index-name <name>]
         [--dry-run] [--rate <updates/s, default 50>] [--page-size <default 100>]
         [--checkpoint <file, default .backfill-<table>.json>] [--max-items <n>] [--restart] [--check-only]

Gives every order the old Lambda API wrote (no created_at) a created_at from its timestamp, with one
conditional UpdateItem each; safe to stop (Ctrl-C) and run again. docs/migration.md, step 6.

  --table <name>       the table to backfill (required)
  --endpoint <where>   a DynamoDB-compatible endpoint URL (DynamoDB Local: http://localhost:8000), or
                       the local server's store, its Unix socket: DATA_DIR/store/dynamodb.sock (the
                       ready line's "store embedded …"). Not the server's own http://127.0.0.1:4000:
                       that is the Orders API, not a DynamoDB endpoint.
                       Without it: DynamoDB in AWS, with the usual credentials and AWS_REGION.
  --dry-run            scan and count what would be written; write nothing (not even the checkpoint)
  --check-only         only check the table's keys and index
  --rate <n>           at most n updates a second (default 50)
  --page-size <n>      items per Scan page (default 100)
  --checkpoint <file>  where the position is kept between runs
  --max-items <n>      stop (position saved) after n items without created_at
  --restart            ignore a saved position
  --index-name <name>  the timestamp index (default timestamp-index)
  -h, --help           this text`;

const positiveInteger = (name: string, text: string | undefined, fallback: number): number | string => {
  if (text === undefined) return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : `--${name} must be a positive integer (got "${text}")`;
};

export function parseBackfillArgs(argv: readonly string[]): ParsedOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        table: { type: 'string' },
        'index-name': { type: 'string' },
        endpoint: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        rate: { type: 'string' },
        'page-size': { type: 'string' },
        checkpoint: { type: 'string' },
        'max-items': { type: 'string' },
        restart: { type: 'boolean', default: false },
        'check-only': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  if (values.help) return { ok: 'help' };
  const table = values.table;
  if (table === undefined || !/^[A-Za-z0-9_.-]{3,255}$/.test(table))
    return { ok: false, problem: '--table <name> is required (3–255 of a-z A-Z 0-9 _ - .)' };
  const rate = positiveInteger('rate', values.rate, 50);
  const pageSize = positiveInteger('page-size', values['page-size'], 100);
  const maxItems = positiveInteger('max-items', values['max-items'], Number.POSITIVE_INFINITY);
  for (const value of [rate, pageSize, maxItems]) if (typeof value === 'string') return { ok: false, problem: value };
  return {
    ok: true,
    options: {
      table,
      indexName: values['index-name'] ?? ordersTable.userTimeIndex.name,
      ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
      dryRun: values['dry-run'] ?? false,
      rate: rate as number,
      pageSize: pageSize as number,
      checkpointPath: values.checkpoint ?? `.backfill-${table}.json`,
      ...(Number.isFinite(maxItems) ? { maxItems: maxItems as number } : {}),
      restart: values.restart ?? false,
      checkOnly: values['check-only'] ?? false,
    },
  };
}

/**
 * `console` for a resolver whose log lines are collected (EvaluateCode's `logs`) instead of written
 * to stderr. AppSync writes each call as `<LEVEL> - <file>:<line>:<column>: <arguments as JSON,
 * space-separated>`, the position being where the `console.<level>(` call starts in the code as
 * written, e.g. `INFO - code.js:5:3: "current id" "record-id"`.
 * https://docs.aws.amazon.com/appsync/latest/devguide/test-resolvers.html
 */
import { SourceMap } from 'node:module';

export type LogLevel = 'INFO' | 'ERROR' | 'WARN' | 'DEBUG';

export interface ResolverLogEntry {
  level: LogLevel;
  /** 1-based line and column in the source as given, or null when the call site is unknown. */
  line: number | null;
  column: number | null;
  args: unknown[];
}

export type LogSink = (entry: ResolverLogEntry) => void;

export type ResolverConsole = Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;

/**
 * A console reporting to `sink`. `source` is the code as written; `compiled` the code the vm runs
 * under the script name `fileName` when it differs from `source` and carries an inline source map
 * to map call sites back ('' when the vm runs the source's own lines and columns).
 */
export function collectingConsole(sink: LogSink, source: string, compiled: string, fileName: string): ResolverConsole {
  const locate = callSiteLocator(source, compiled, fileName);
  const at =
    (level: LogLevel) =>
    (...args: unknown[]): void =>
      sink({ level, args, ...locate(new Error().stack ?? '') });
  return { log: at('INFO'), info: at('INFO'), warn: at('WARN'), error: at('ERROR'), debug: at('DEBUG') };
}

/** One log line as AppSync words it. */
export function formatLogLine(entry: ResolverLogEntry, fileName: string): string {
  const where = entry.line === null ? fileName : `${fileName}:${entry.line}:${entry.column}`;
  return `${entry.level} - ${where}: ${entry.args.map(logArgument).join(' ')}`;
}

function logArgument(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function callSiteLocator(
  source: string,
  compiled: string,
  fileName: string,
): (stack: string) => { line: number | null; column: number | null } {
  const inline = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(compiled);
  const map = inline
    ? new SourceMap(JSON.parse(Buffer.from(inline[1]!, 'base64').toString('utf8')) as ConstructorParameters<typeof SourceMap>[0])
    : null;
  const lines = source.split('\n');
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = new RegExp(`${escaped}:(\\d+):(\\d+)`);
  return (stack) => {
    // The first frame in the resolver's script is the console call.
    const found = frame.exec(stack);
    if (!found) return { line: null, column: null };
    const generated = { originalLine: Number(found[1]) - 1, originalColumn: Number(found[2]) - 1 };
    const entry = (map ? map.findEntry(generated.originalLine, generated.originalColumn) : generated) as {
      originalLine?: number;
      originalColumn?: number;
    };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return { line: null, column: null };
    // V8 points at the method name (`log`); AppSync at the start of `console.log(`.
    const before = (lines[entry.originalLine] ?? '').slice(0, entry.originalColumn);
    const receiver = /console\s*\.\s*$/.exec(before);
    return { line: entry.originalLine + 1, column: (receiver ? receiver.index : entry.originalColumn) + 1 };
  };
}

/**
 * LOG_LEVEL: AppSync's field log level names (LogConfig.fieldLogLevel: NONE, ERROR, ALL —
 * https://docs.aws.amazon.com/appsync/latest/APIReference/API_LogConfig.html). Unset: one summary
 * line per request, the local default.
 */
export type FieldLogLevel = 'NONE' | 'ERROR' | 'ALL';
export type LogLevel = FieldLogLevel | 'SUMMARY';

const LEVELS: readonly LogLevel[] = ['NONE', 'ERROR', 'ALL'];

/** The level, or the sentence explaining a value that is not one. */
export function readLogLevel(value: string | undefined): { level: LogLevel } | { problem: string } {
  if (value === undefined || value === '') return { level: 'SUMMARY' };
  const level = LEVELS.find((l) => l === value.toUpperCase());
  return level
    ? { level }
    : {
        problem: `LOG_LEVEL must be one of ${LEVELS.join(', ')} (AppSync's field log levels), or unset for one line per request; got '${value}'`,
      };
}

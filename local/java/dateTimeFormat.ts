/**
 * `util.time`'s Java patterns: AppSync documents them as java.time's DateTimeFormatter
 * (https://docs.aws.amazon.com/appsync/latest/devguide/time-helpers-in-util-time-js.html).
 * Formatting and parsing go through js-joda, a maintained port of java.time, in Locale.US.
 *
 * Only pattern letters whose js-joda output was compared equal to OpenJDK 17's (every letter at
 * widths 1-6, 11 zones, 5 instants) are accepted; `z` is printed from Java's own zone names
 * (zoneText.ts). Any other letter run is refused with an error, never printed differently.
 */
import type { DateTimeFormatter, ZoneId } from '@js-joda/core';
import { boundedMemo } from '../boundedMemo.js';
import { JavaBehaviourError } from './javaBehaviourError.js';
import { jsJoda } from './jsJoda.js';
import { zoneText } from './zoneText.js';

/** Letter → widths that print exactly as java.time does (from the differential run above). */
const SAME_AS_JAVA: Readonly<Record<string, string>> = {
  G: '12345',
  u: '1234567',
  y: '123456789',
  Y: '1234567',
  D: '13',
  M: '12345',
  L: '1234',
  d: '12',
  Q: '12345',
  q: '12345',
  w: '12',
  W: '1',
  E: '12345',
  e: '12345',
  c: '134',
  F: '1',
  a: '1',
  h: '12',
  K: '12',
  k: '12',
  H: '12',
  m: '12',
  s: '12',
  S: '123456789',
  A: '1',
  n: '1',
  N: '1',
  V: '2',
  O: '14',
  X: '12345',
  x: '12345',
  Z: '12345',
  p: '123456',
};
/** `z`..`zzzz`: printed by zoneText; parsing them is not supported locally. */
const ZONE_NAME_WIDTHS = '1234';

const allows = (widths: string, width: number): boolean => width <= 9 && widths.includes(String(width));

type Token = { letter: string; width: number; start: number; end: number };

/** Letter runs outside quotes (java.time's pattern syntax: 'text' is literal, '' is a quote). */
function letterRuns(pattern: string): Token[] {
  const runs: Token[] = [];
  for (let i = 0; i < pattern.length;) {
    const ch = pattern.charAt(i);
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (pattern.charAt(j) === ch) j += 1;
      runs.push({ letter: ch, width: j - i, start: i, end: j });
      i = j;
    } else {
      i += 1;
    }
  }
  return runs;
}

/** Every letter java.time's DateTimeFormatter.ofPattern knows (Java 17). */
const JAVA_PATTERN_LETTERS = 'GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZp';

const unsupported = (pattern: string, run: Token, forParsing: boolean): JavaBehaviourError =>
  new JavaBehaviourError(
    `Date pattern '${pattern}': the local runtime cannot ${forParsing ? 'parse' : 'format'} '${run.letter.repeat(run.width)}' exactly as java.time does`,
  );

/** java.time's own validation first (js-joda rejects exactly the patterns Java rejects), then ours. */
function checkedRuns(pattern: string, forParsing: boolean): Token[] {
  const runs = letterRuns(pattern);
  try {
    formatter(pattern);
  } catch (error) {
    // js-joda lacks some letters java.time has (B, v): that is our gap, not an invalid pattern.
    const gap = runs.find(
      (run) => JAVA_PATTERN_LETTERS.includes(run.letter) && SAME_AS_JAVA[run.letter] === undefined && run.letter !== 'z',
    );
    if (gap !== undefined) throw unsupported(pattern, gap, forParsing);
    throw new JavaBehaviourError(`Invalid date pattern '${pattern}': ${(error as Error).message}`);
  }
  for (const run of runs) {
    const zoneName = run.letter === 'z' && allows(ZONE_NAME_WIDTHS, run.width) && !forParsing;
    if (!zoneName && !allows(SAME_AS_JAVA[run.letter] ?? '', run.width)) throw unsupported(pattern, run, forParsing);
  }
  return runs;
}

/** Java's ZoneId.of; AppSync's forms without a zone work in UTC. */
export function javaZone(timeZone: string | undefined): ZoneId {
  try {
    return jsJoda().core.ZoneId.of(timeZone ?? 'UTC');
  } catch {
    throw new JavaBehaviourError(`Unknown time-zone ID: ${String(timeZone)}`);
  }
}

/** DateTimeFormatter.ofPattern(pattern, Locale.US), built once per pattern (patterns come from resolver code: bounded). */
const formatter = boundedMemo((pattern: string): DateTimeFormatter => {
  const { core, us } = jsJoda();
  return core.DateTimeFormatter.ofPattern(pattern).withLocale(us);
}, 500);

const quoted = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export function formatEpochMillis(epochMillis: number, pattern: string, timeZone?: string): string {
  const runs = checkedRuns(pattern, false);
  const zone = javaZone(timeZone);
  // `z` runs become quoted literals holding Java's zone name; the rest is js-joda's.
  let javaPattern = pattern;
  for (const run of [...runs].reverse()) {
    if (run.letter !== 'z') continue;
    const name = zoneText(zone, epochMillis, run.width === 4);
    javaPattern = javaPattern.slice(0, run.start) + quoted(name) + javaPattern.slice(run.end);
  }
  try {
    const { Instant, ZonedDateTime } = jsJoda().core;
    return formatter(javaPattern).format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone));
  } catch (error) {
    throw new JavaBehaviourError((error as Error).message);
  }
}

/**
 * Parses with the pattern; an offset in the text wins, otherwise the wall time is in `timeZone`
 * (UTC when absent), resolved the way java.time's `atZone` does in a DST gap or overlap.
 */
export function parseToEpochMillis(text: string, pattern: string, timeZone?: string): number {
  checkedRuns(pattern, true);
  const zone = javaZone(timeZone);
  try {
    const { LocalDateTime, TemporalQueries } = jsJoda().core;
    const parsed = formatter(pattern).parse(text);
    // No date or no time in the pattern: java.time cannot make an instant either.
    const dateTime =
      parsed.query(TemporalQueries.localDate()) === null || parsed.query(TemporalQueries.localTime()) === null
        ? null
        : LocalDateTime.from(parsed);
    if (dateTime === null) throw new Error(`Text '${text}' could not be parsed: Unable to obtain ZonedDateTime from TemporalAccessor`);
    const offset = parsed.query(TemporalQueries.offset());
    const zoned = offset === null ? dateTime.atZone(zone) : dateTime.atZone(offset);
    return zoned.toInstant().toEpochMilli();
  } catch (error) {
    throw new JavaBehaviourError((error as Error).message);
  }
}

/**
 * `parseISO8601ToEpochMilliSeconds`: java.time's ISO_ZONED_DATE_TIME (`ZonedDateTime.parse`), so
 * an offset is required and `[Zone/Id]` may follow; AppSync's example is
 * "2018-02-01T17:21:05.180+08:00" → 1517476865180.
 */
export function parseIso8601ToEpochMillis(text: string): number {
  try {
    const { DateTimeFormatter, ZonedDateTime } = jsJoda().core;
    return ZonedDateTime.parse(text, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant().toEpochMilli();
  } catch (error) {
    throw new JavaBehaviourError(`'${text}' is not an ISO 8601 date-time with an offset: ${(error as Error).message}`);
  }
}

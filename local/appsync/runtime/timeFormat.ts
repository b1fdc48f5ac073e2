/**
 * AppSync's `util.time` formats with Java date patterns (`yyyy-MM-dd HH:mm:ssZ`) and IANA time
 * zones. This formats and parses the common pattern letters with Intl's zone data; anything else
 * is rejected rather than silently misformatted.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Token = { letter: string; width: number } | { literal: string };

/** Splits a Java pattern into letter runs and literals (`'T'` quoted, `''` a quote). */
function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i] ?? '';
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quote in date pattern '${pattern}'`);
      tokens.push({ literal: pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (pattern[j] === ch) j += 1;
      tokens.push({ letter: ch, width: j - i });
      i = j;
    } else {
      tokens.push({ literal: ch });
      i += 1;
    }
  }
  return tokens;
}

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 0 = Sunday
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at that instant, in minutes (throws RangeError for an unknown zone). */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Z' || timeZone === 'GMT') return 0;
  // Fixed offsets ('+08:00'), which Node 20's Intl does not take as a zone.
  const fixed = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(timeZone);
  if (fixed !== null) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? '0');
    return fixed[1] === '-' ? -minutes : minutes;
  }
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) parts[part.type] = Number(part.value);
  const wallAsUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((wallAsUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000))) / 60000);
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const offsetMinutes = zoneOffsetMinutes(epochMs, timeZone);
  const d = new Date(epochMs + offsetMinutes * 60000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
    offsetMinutes,
  };
}

const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');

function offsetText(minutes: number, colon: boolean, zForZero: boolean): string {
  if (zForZero && minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${colon ? ':' : ''}${pad(abs % 60, 2)}`;
}

/** `epochMilliSecondsToFormatted`: e.g. (1517943695500, 'yyyy-MM-dd HH:mm:ssZ') → '2018-02-06 19:01:35+0000'. */
export function formatEpochMillis(epochMs: number, pattern: string, timeZone = 'UTC'): string {
  const t = wallClock(epochMs, timeZone);
  return tokenize(pattern)
    .map((token) => {
      if ('literal' in token) return token.literal;
      const { letter, width } = token;
      switch (letter) {
        case 'y':
        case 'u':
          return width === 2 ? pad(t.year % 100, 2) : pad(t.year, width);
        case 'M':
          if (width >= 4) return MONTHS[t.month - 1] ?? '';
          if (width === 3) return (MONTHS[t.month - 1] ?? '').slice(0, 3);
          return pad(t.month, width);
        case 'd':
          return pad(t.day, width);
        case 'E':
          return width >= 4 ? (DAYS[t.weekday] ?? '') : (DAYS[t.weekday] ?? '').slice(0, 3);
        case 'H':
          return pad(t.hour, width);
        case 'h':
          return pad(t.hour % 12 === 0 ? 12 : t.hour % 12, width);
        case 'a':
          return t.hour < 12 ? 'AM' : 'PM';
        case 'm':
          return pad(t.minute, width);
        case 's':
          return pad(t.second, width);
        case 'S':
          return pad(t.millisecond, 3).slice(0, width).padEnd(width, '0');
        case 'Z':
          return offsetText(t.offsetMinutes, width === 2 || width === 5, false);
        case 'X':
          return width === 1 ? offsetText(t.offsetMinutes, false, true).slice(0, 3) : offsetText(t.offsetMinutes, width >= 3, true);
        case 'x':
          return offsetText(t.offsetMinutes, width >= 3, false);
        case 'z':
        case 'V':
          return timeZone;
        default:
          throw new Error(`date pattern letter '${letter}' is not supported`);
      }
    })
    .join('');
}

/** `parseFormattedToEpochMilliSeconds`: numeric fields, literals and offsets of the same patterns. */
export function parseFormatted(text: string, pattern: string, timeZone = 'UTC'): number {
  const fields: ((value: string, into: Partial<WallClock> & { pm?: boolean }) => void)[] = [];
  let regex = '';
  const numeric = (width: number, key: keyof WallClock) => {
    regex += width >= 2 ? `(\\d{${width}})` : '(\\d+)';
    fields.push((value, into) => {
      into[key] = Number(value);
    });
  };
  for (const token of tokenize(pattern)) {
    if ('literal' in token) {
      regex += token.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const { letter, width } = token;
    switch (letter) {
      case 'y':
      case 'u':
        numeric(width === 2 ? 2 : Math.max(width, 4), 'year');
        break;
      case 'M':
        numeric(width, 'month');
        break;
      case 'd':
        numeric(width, 'day');
        break;
      case 'H':
      case 'h':
        numeric(width, 'hour');
        break;
      case 'm':
        numeric(width, 'minute');
        break;
      case 's':
        numeric(width, 'second');
        break;
      case 'S':
        regex += `(\\d{${width}})`;
        fields.push((value, into) => {
          into.millisecond = Math.round(Number(`0.${value}`) * 1000);
        });
        break;
      case 'a':
        regex += '(AM|PM|am|pm)';
        fields.push((value, into) => {
          into.pm = value.toUpperCase() === 'PM';
        });
        break;
      case 'Z':
      case 'X':
      case 'x':
        regex += '(Z|[+-]\\d{2}(?::?\\d{2})?)';
        fields.push((value, into) => {
          if (value === 'Z') {
            into.offsetMinutes = 0;
            return;
          }
          const digits = value.slice(1).replace(':', '');
          const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
          into.offsetMinutes = value.startsWith('-') ? -minutes : minutes;
        });
        break;
      default:
        throw new Error(`date pattern letter '${letter}' is not supported for parsing`);
    }
  }
  const match = new RegExp(`^${regex}$`).exec(text);
  if (match === null) throw new Error(`'${text}' does not match the date pattern '${pattern}'`);
  const t: Partial<WallClock> & { pm?: boolean } = {};
  fields.forEach((apply, i) => apply(match[i + 1] ?? '', t));
  let hour = t.hour ?? 0;
  if (t.pm !== undefined) hour = (hour % 12) + (t.pm ? 12 : 0);
  const year = t.year !== undefined && t.year < 100 && /yy(?!y)/.test(pattern) ? 2000 + t.year : (t.year ?? 1970);
  const wallAsUtc = Date.UTC(year, (t.month ?? 1) - 1, t.day ?? 1, hour, t.minute ?? 0, t.second ?? 0, t.millisecond ?? 0);
  if (t.offsetMinutes !== undefined) return wallAsUtc - t.offsetMinutes * 60000;
  // No offset in the text: the wall time is in `timeZone`; settle DST by checking the offset at the guess.
  const first = wallAsUtc - zoneOffsetMinutes(wallAsUtc, timeZone) * 60000;
  return wallAsUtc - zoneOffsetMinutes(first, timeZone) * 60000;
}

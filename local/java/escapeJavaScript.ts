/**
 * `util.escapeJavaScript` (AppSync) and `$util.escapeJavaScript` (API Gateway): Apache Commons
 * Lang's `StringEscapeUtils.escapeEcmaScript` (API Gateway's reference: "Escapes the characters in
 * a string using JavaScript string rules"; its note on `\'` not being valid JSON is this function).
 *
 * commons-lang3 ESCAPE_ECMASCRIPT = `'` `"` `\` `/` escaped with a backslash, then \b \n \t \f \r,
 * then `JavaUnicodeEscaper.outsideOf(32, 0x7f)`: every code point below 32 or above 0x7F becomes
 * `\uXXXX` (upper-case hex; above U+FFFF as its two UTF-16 surrogates). 0x7F itself (DEL) is inside
 * the range and stays raw.
 */

const NAMED: Readonly<Record<string, string>> = {
  "'": "\\'",
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r',
};

const unicodeEscape = (unit: number): string => `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** A unit that escapeEachUnit would change: `'` `"` `/` `\\`, or outside 0x20–0x7F. */
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x26\x28-\x2e\x30-\x5b\x5d-\x7f]/;

export function escapeJavaScript(value: string): string {
  // Most values (ids, timestamps) need nothing: returned as they are, without a copy built unit by unit.
  return NEEDS_ESCAPE.test(value) ? escapeEachUnit(value) : value;
}

/** The rule itself, unit by unit: a supplementary character's two surrogates each become \uXXXX, as Java's does. */
export function escapeEachUnit(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    const ch = value.charAt(i);
    out += NAMED[ch] ?? (unit < 0x20 || unit > 0x7f ? unicodeEscape(unit) : ch);
  }
  return out;
}

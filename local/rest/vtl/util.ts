/**
 * API Gateway's `$util` for mapping templates, as its reference documents it:
 * escapeJavaScript (Apache commons-lang rules: quotes, backslash, '/', control and non-ASCII
 * characters escaped; `'` becomes `\'`, which is why templates add `.replaceAll("\\'","'")`),
 * parseJson, urlEncode/urlDecode (java.net.URLEncoder's form encoding), base64Encode/Decode (UTF-8).
 */

const hex4 = (code: number): string => code.toString(16).toUpperCase().padStart(4, '0');

const SHORT_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r',
  "'": "\\'",
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
};

export function escapeJavaScript(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  let out = '';
  // Per UTF-16 unit, as Java does: a surrogate pair becomes two \u escapes (still valid JSON).
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20 || code > 0x7e) out += code === 0x7f ? ch : `\\u${hex4(code)}`;
    else out += ch;
  }
  return out;
}

/** java.net.URLEncoder.encode(s, "UTF-8"): space is '+', only A-Z a-z 0-9 . - * _ stay. */
export function urlEncode(value: unknown): string {
  return encodeURIComponent(String(value ?? ''))
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function urlDecode(value: unknown): string {
  return decodeURIComponent(String(value ?? '').replace(/\+/g, ' '));
}

export function createUtil() {
  return {
    escapeJavaScript,
    parseJson: (text: unknown): unknown => JSON.parse(String(text)),
    urlEncode,
    urlDecode,
    base64Encode: (value: unknown): string => Buffer.from(String(value ?? ''), 'utf8').toString('base64'),
    base64Decode: (value: unknown): string => Buffer.from(String(value ?? ''), 'base64').toString('utf8'),
  };
}

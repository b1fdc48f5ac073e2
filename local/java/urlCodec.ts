/**
 * `util.urlEncode` / `util.urlDecode`: AppSync and API Gateway document them as
 * `application/x-www-form-urlencoded`, i.e. Java's `URLEncoder.encode(s, UTF_8)` and
 * `URLDecoder.decode(s, UTF_8)` (checked against OpenJDK 17).
 */
import { JavaBehaviourError } from './javaBehaviourError.js';

/** Characters URLEncoder leaves alone; a space becomes '+', everything else %XX of its UTF-8 bytes. */
const UNRESERVED = /[A-Za-z0-9.\-*_]/;

export function urlEncode(value: string): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else {
      // A lone surrogate cannot be UTF-8 encoded; Java's String.getBytes writes '?' for it.
      const code = ch.codePointAt(0) ?? 0;
      const bytes = code >= 0xd800 && code <= 0xdfff ? Buffer.from('?') : Buffer.from(ch, 'utf8');
      for (const byte of bytes) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

const utf8 = new TextDecoder('utf-8'); // malformed bytes become U+FFFD, as new String(bytes, UTF_8)

export function urlDecode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length;) {
    const ch = value.charAt(i);
    if (ch === '+') {
      out += ' ';
      i += 1;
    } else if (ch === '%') {
      // A run of %XX escapes is one byte sequence, decoded together.
      const bytes: number[] = [];
      while (i < value.length && value.charAt(i) === '%') {
        if (i + 3 > value.length) throw new JavaBehaviourError('URLDecoder: Incomplete trailing escape (%) pattern');
        bytes.push(hexByte(value.slice(i + 1, i + 3)));
        i += 3;
      }
      out += utf8.decode(Uint8Array.from(bytes));
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Integer.parseInt(two, 16), as URLDecoder calls it: a leading '+' or '-' sign is accepted. */
function hexByte(two: string): number {
  const signed = two.startsWith('+') || two.startsWith('-') ? 1 : 0;
  for (let i = signed; i < two.length; i += 1) {
    if (!/[0-9A-Fa-f]/.test(two.charAt(i))) {
      throw new JavaBehaviourError(`URLDecoder: Illegal hex characters in escape (%) pattern - Error at index ${i} in: "${two}"`);
    }
  }
  const n = parseInt(two, 16);
  if (n < 0) throw new JavaBehaviourError('URLDecoder: Illegal hex characters in escape (%) pattern - negative value');
  return n;
}

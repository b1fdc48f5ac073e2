/**
 * `util.base64Encode` / `util.base64Decode` on strings: UTF-8 bytes, and java.util.Base64's basic
 * (RFC 4648) encoder and decoder. The decoder is strict like Java's: no URL-safe alphabet, no
 * whitespace, padding optional but, when present, complete; errors carry Java's messages
 * (checked against OpenJDK 17).
 */
import { JavaBehaviourError } from './javaBehaviourError.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const utf8 = new TextDecoder('utf-8'); // malformed bytes become U+FFFD, as new String(bytes, UTF_8)

export function base64Encode(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

export function base64Decode(value: string): string {
  return utf8.decode(decodeBase64Bytes(latin1Bytes(value)));
}

/** Base64.Decoder.decode(String) reads the text as ISO-8859-1: any other code point is one '?'. */
function latin1Bytes(value: string): number[] {
  const bytes: number[] = [];
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    bytes.push(code <= 0xff ? code : 0x3f);
  }
  return bytes;
}

/** java.util.Base64.Decoder.decode0 for the basic (non-MIME, non-URL) decoder. */
function decodeBase64Bytes(src: number[]): Uint8Array {
  if (src.length === 1) throw new JavaBehaviourError('Input byte[] should at least have 2 bytes for base64 bytes');
  const out: number[] = [];
  let bits = 0;
  let shiftTo = 18;
  let sp = 0;
  while (sp < src.length) {
    const byte = src[sp] ?? 0;
    sp += 1;
    if (byte === 0x3d) {
      // '=': "x=" is a dangling char (reported below), "xx=" needs a second '=', "=" alone is wrong.
      if ((shiftTo === 6 && (sp === src.length || src[sp++] !== 0x3d)) || shiftTo === 18) {
        throw new JavaBehaviourError('Input byte array has wrong 4-byte ending unit');
      }
      break;
    }
    const sextet = ALPHABET.indexOf(String.fromCharCode(byte));
    if (sextet < 0) {
      // Java prints the (signed) byte in hex: 'é' (0xE9) is "-17".
      throw new JavaBehaviourError(`Illegal base64 character ${(byte > 0x7f ? byte - 0x100 : byte).toString(16)}`);
    }
    bits |= sextet << shiftTo;
    shiftTo -= 6;
    if (shiftTo < 0) {
      out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);
      shiftTo = 18;
      bits = 0;
    }
  }
  if (shiftTo === 6) out.push((bits >> 16) & 0xff);
  else if (shiftTo === 0) out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff);
  else if (shiftTo === 12) throw new JavaBehaviourError('Last unit does not have enough valid bits');
  if (sp < src.length) throw new JavaBehaviourError(`Input byte array has incorrect ending byte at ${sp}`);
  return Uint8Array.from(out);
}

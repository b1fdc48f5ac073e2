/**
 * java.lang.String methods that templates and `util.matches` rely on, with Java's semantics:
 * `matches` must match the whole string, `replaceAll`/`replaceFirst` take a regex and Java's
 * replacement syntax (`$n` a group, `\x` a literal x). Java regex syntax is run by JavaScript's
 * engine in unicode mode: the common subset behaves alike.
 */

import { boundedMemo } from '../boundedMemo.js';

type Piece = string | number;

/**
 * Java's replacement syntax, read once per replacement text: `$n` is group n (0: the whole match),
 * `\x` is a literal x; the rest is literal.
 */
const replacementPieces = boundedMemo((replacement: string): Piece[] => {
  const pieces: Piece[] = [];
  let literal = '';
  for (let i = 0; i < replacement.length; i += 1) {
    const ch = replacement.charAt(i);
    if (ch === '\\' && i + 1 < replacement.length) {
      i += 1;
      literal += replacement.charAt(i);
    } else if (ch === '$' && /\d/.test(replacement.charAt(i + 1))) {
      i += 1;
      if (literal !== '') pieces.push(literal);
      literal = '';
      pieces.push(Number(replacement.charAt(i)));
    } else {
      literal += ch;
    }
  }
  if (literal !== '') pieces.push(literal);
  return pieces;
}, 1000);

/**
 * What `String.prototype.replace` is given for a Java replacement text, once per text: a text with
 * no group reference as a JavaScript replacement string (every `$` doubled, so nothing in it is
 * read as a pattern), else a function filling in the groups.
 */
const javaReplacement = boundedMemo((replacement: string): string | ((match: string, ...groups: unknown[]) => string) => {
  const pieces = replacementPieces(replacement);
  if (pieces.every((piece) => typeof piece === 'string')) return pieces.join('').split('$').join('$$');
  return (match, ...groups) => {
    let out = '';
    for (const piece of pieces) out += typeof piece === 'string' ? piece : piece === 0 ? match : String(groups[piece - 1] ?? '');
    return out;
  };
}, 1000);

/**
 * Each pattern compiled once (templates and resolvers use a handful, on every request). Sharing a
 * RegExp is safe here: `replace` starts a global regex at index 0, and `test` on a non-global one
 * ignores lastIndex. An invalid pattern throws every time (nothing is kept).
 */
const everyMatch = boundedMemo((pattern: string): RegExp => new RegExp(pattern, 'gu'), 1000);
const firstMatch = boundedMemo((pattern: string): RegExp => new RegExp(pattern, 'u'), 1000);

function replaceWith(value: string, regex: RegExp, replacement: string | ((match: string, ...groups: unknown[]) => string)): string {
  // The same call twice: TypeScript picks one of String.prototype.replace's overloads per call, never for a union.
  return typeof replacement === 'string' ? value.replace(regex, replacement) : value.replace(regex, replacement);
}

export const replaceAll = (value: string, pattern: string, replacement: string): string =>
  replaceWith(value, everyMatch(pattern), javaReplacement(replacement));

export const replaceFirst = (value: string, pattern: string, replacement: string): string =>
  replaceWith(value, firstMatch(pattern), javaReplacement(replacement));

/** String.matches / Pattern.matches: the whole value must match. */
export const matches = (value: string, pattern: string): boolean => firstMatch(`^(?:${pattern})$`).test(value);

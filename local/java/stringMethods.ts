/**
 * java.lang.String methods that templates and `util.matches` rely on, with Java's semantics:
 * `matches` must match the whole string, `replaceAll`/`replaceFirst` take a regex and Java's
 * replacement syntax (`$n` a group, `\x` a literal x). Java regex syntax is run by JavaScript's
 * engine in unicode mode: the common subset behaves alike.
 */

/** Java's replacement syntax: `$n` is group n, `\x` is a literal x. */
function javaReplacement(replacement: string): (match: string, ...groups: unknown[]) => string {
  return (match, ...groups) => {
    let out = '';
    for (let i = 0; i < replacement.length; i += 1) {
      const ch = replacement.charAt(i);
      if (ch === '\\' && i + 1 < replacement.length) {
        i += 1;
        out += replacement.charAt(i);
      } else if (ch === '$' && /\d/.test(replacement.charAt(i + 1))) {
        i += 1;
        const n = Number(replacement.charAt(i));
        out += n === 0 ? match : String(groups[n - 1] ?? '');
      } else {
        out += ch;
      }
    }
    return out;
  };
}

export const replaceAll = (value: string, regex: string, replacement: string): string =>
  value.replace(new RegExp(regex, 'gu'), javaReplacement(replacement));

export const replaceFirst = (value: string, regex: string, replacement: string): string =>
  value.replace(new RegExp(regex, 'u'), javaReplacement(replacement));

/** String.matches / Pattern.matches: the whole value must match. */
export const matches = (value: string, regex: string): boolean => new RegExp(`^(?:${regex})$`, 'u').test(value);

/**
 * API Gateway's VTL runs on Java: templates call java.lang.String methods (`replaceAll` with a
 * regex, `length()`, `isEmpty()` ...) that JavaScript strings lack or spell differently. These
 * velocityjs method handlers give strings the Java behaviour the templates rely on.
 */

/** velocityjs's `customMethodHandlers` entry (its type is not exported). */
export interface MethodHandler {
  uid: string;
  match(payload: MethodCall): boolean;
  resolve(payload: MethodCall): unknown;
}
interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}
type Handler = MethodHandler;
type Payload = MethodCall;

/** Java's replacement syntax: `$n` is a group, `\x` is a literal x. */
function javaReplacement(replacement: string): (match: string, ...groups: unknown[]) => string {
  return (match, ...groups) => {
    let out = '';
    for (let i = 0; i < replacement.length; i += 1) {
      const ch = replacement[i]!;
      if (ch === '\\' && i + 1 < replacement.length) {
        out += replacement[(i += 1)];
      } else if (ch === '$' && /\d/.test(replacement[i + 1] ?? '')) {
        const n = Number(replacement[(i += 1)]);
        out += n === 0 ? match : String(groups[n - 1] ?? '');
      } else {
        out += ch;
      }
    }
    return out;
  };
}

const stringMethod = (name: string, resolve: (s: string, params: unknown[]) => unknown): Handler => ({
  uid: `java.lang.String.${name}`,
  match: ({ property, context }: Payload) => property === name && typeof context === 'string',
  resolve: ({ context, params }: Payload) => resolve(context as string, params),
});

export const javaStringMethods: Handler[] = [
  stringMethod('replaceAll', (s, [regex, replacement]) => s.replace(new RegExp(String(regex), 'gu'), javaReplacement(String(replacement)))),
  stringMethod('replaceFirst', (s, [regex, replacement]) => s.replace(new RegExp(String(regex), 'u'), javaReplacement(String(replacement)))),
  stringMethod('matches', (s, [regex]) => new RegExp(`^(?:${String(regex)})$`, 'u').test(s)),
  stringMethod('length', (s) => s.length),
  stringMethod('isEmpty', (s) => s.length === 0),
  stringMethod('equals', (s, [other]) => s === other),
  stringMethod('equalsIgnoreCase', (s, [other]) => typeof other === 'string' && s.toLowerCase() === other.toLowerCase()),
  stringMethod('contains', (s, [part]) => s.includes(String(part))),
];

/**
 * API Gateway's VTL runs on Java: templates call java.lang.String methods (`replaceAll` with a
 * regex, `length()`, `isEmpty()` ...) that JavaScript strings lack or spell differently. These
 * velocityjs method handlers give strings that behaviour; the Java semantics live in
 * local/java/stringMethods.ts, shared with the APPSYNC_JS runtime.
 */
import { matches, replaceAll, replaceFirst } from '../../java/stringMethods.js';

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

const stringMethod = (name: string, resolve: (s: string, params: unknown[]) => unknown): MethodHandler => ({
  uid: `java.lang.String.${name}`,
  match: ({ property, context }: MethodCall) => property === name && typeof context === 'string',
  resolve: ({ context, params }: MethodCall) => resolve(context as string, params),
});

export const javaStringMethods: MethodHandler[] = [
  stringMethod('replaceAll', (s, [regex, replacement]) => replaceAll(s, String(regex), String(replacement))),
  stringMethod('replaceFirst', (s, [regex, replacement]) => replaceFirst(s, String(regex), String(replacement))),
  stringMethod('matches', (s, [regex]) => matches(s, String(regex))),
  stringMethod('length', (s) => s.length),
  stringMethod('isEmpty', (s) => s.length === 0),
  stringMethod('equals', (s, [other]) => s === other),
  stringMethod('equalsIgnoreCase', (s, [other]) => typeof other === 'string' && s.toLowerCase() === other.toLowerCase()),
  stringMethod('contains', (s, [part]) => s.includes(String(part))),
];

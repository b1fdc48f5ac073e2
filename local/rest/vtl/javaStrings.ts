/**
 * API Gateway's VTL runs on Java: templates call java.lang.String methods (`replaceAll` with a
 * regex, `length()`, `isEmpty()` ...) that JavaScript strings lack or spell differently. These
 * velocityjs method handlers give strings that behaviour; the Java semantics live in
 * local/java/stringMethods.ts, shared with the APPSYNC_JS runtime.
 */
import { matches, replaceAll, replaceFirst } from '../../java/stringMethods.js';
import type { MethodCall, MethodHandler } from './methodHandler.js';

const STRING_METHODS = new Map<string, (s: string, params: unknown[]) => unknown>([
  ['replaceAll', (s, [regex, replacement]) => replaceAll(s, String(regex), String(replacement))],
  ['replaceFirst', (s, [regex, replacement]) => replaceFirst(s, String(regex), String(replacement))],
  ['matches', (s, [regex]) => matches(s, String(regex))],
  ['length', (s) => s.length],
  ['isEmpty', (s) => s.length === 0],
  ['equals', (s, [other]) => s === other],
  ['equalsIgnoreCase', (s, [other]) => typeof other === 'string' && s.toLowerCase() === other.toLowerCase()],
  ['contains', (s, [part]) => s.includes(String(part))],
]);

/**
 * One handler for all of them: velocityjs asks every handler in turn on each method call a
 * template makes, so one map lookup instead of eight `match` calls.
 */
export const javaStringMethods: MethodHandler[] = [
  {
    uid: 'java.lang.String',
    names: new Set(STRING_METHODS.keys()),
    match: ({ property, context }: MethodCall) => typeof context === 'string' && STRING_METHODS.has(property),
    resolve: ({ property, context, params }: MethodCall) => STRING_METHODS.get(property)!(context as string, params),
  },
];

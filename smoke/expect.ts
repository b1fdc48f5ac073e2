/** The smoke suite's assertions: each throws a SmokeFailure that says what was expected and what came. */
import { isDeepStrictEqual } from 'node:util';
import type { HttpAnswer } from './http.js';

export class SmokeFailure extends Error {}

const show = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
};

export function fail(message: string): never {
  throw new SmokeFailure(message);
}

export function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) fail(message);
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** The HTTP status and, when given, the exact JSON body. */
export function expectAnswer(answer: HttpAnswer, status: number, body?: unknown): void {
  if (answer.status !== status) fail(`expected HTTP ${status}, got ${answer.status}: ${show(answer.text)}`);
  if (body !== undefined) expectEqual(answer.json, body, 'body');
}

/** A GraphQL answer whose field is null and whose first error has this errorType (and message). */
export function expectGraphQLError(answer: HttpAnswer, field: string, errorType: string, message?: string | RegExp): void {
  expectAnswer(answer, 200);
  const error = answer.json?.errors?.[0];
  expectThat(error !== undefined, `expected an error, got ${show(answer.json)}`);
  expectEqual(answer.json?.data?.[field] ?? null, null, `data.${field}`);
  expectEqual(error.errorType, errorType, 'errors[0].errorType');
  if (typeof message === 'string') expectEqual(error.message, message, 'errors[0].message');
  else if (message) expectThat(message.test(String(error.message)), `errors[0].message ${show(error.message)} does not match ${message}`);
}

/** The GraphQL field's value, after checking the answer has no error. */
export function dataOf<T>(answer: HttpAnswer, field: string): T {
  expectAnswer(answer, 200);
  expectThat(answer.json?.errors === undefined, `unexpected errors: ${show(answer.json?.errors)}`);
  const value = answer.json?.data?.[field];
  expectThat(value !== undefined && value !== null, `data.${field} is ${show(value)}`);
  return value as T;
}

/**
 * Assertions for tests, on top of `node:assert/strict` (JSR's @std/assert is not reachable here).
 *
 * @module
 */

import assert from "node:assert/strict";

/** Deep equality. */
export function assertEquals<T>(
  actual: unknown,
  expected: T,
  message?: string,
): asserts actual is T {
  assert.deepStrictEqual(actual, expected, message);
}

/** Inequality. */
export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  assert.notDeepStrictEqual(actual, expected, message);
}

/** A string matches a pattern. */
export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  assert.match(actual, pattern, message);
}

/** A string does not match a pattern. */
export function assertNotMatch(actual: string, pattern: RegExp, message?: string): void {
  assert.doesNotMatch(actual, pattern, message);
}

/** A string contains another. */
export function assertStringIncludes(actual: string, expected: string, message?: string): void {
  assert.ok(
    actual.includes(expected),
    message ?? `expected ${JSON.stringify(actual)} to include ${JSON.stringify(expected)}`,
  );
}

/** A value is truthy. */
export function assertOk(value: unknown, message?: string): asserts value {
  assert.ok(value, message);
}

/** A function throws an error of a class whose message matches. */
export function assertThrows(
  fn: () => unknown,
  errorClass: new (...args: never[]) => Error,
  pattern?: RegExp,
): Error {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof errorClass, `expected ${errorClass.name}, got ${caught}`);
  if (pattern) assert.match((caught as Error).message, pattern);
  return caught as Error;
}

/** A promise rejects with an error of a class whose message matches. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  errorClass: new (...args: never[]) => Error,
  pattern?: RegExp,
): Promise<Error> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof errorClass, `expected ${errorClass.name}, got ${caught}`);
  if (pattern) assert.match((caught as Error).message, pattern);
  return caught as Error;
}

/**
 * Every field optional, recursively: the shape of a partial expectation. Arrays keep their
 * length (each item is matched partially); Dates and functions are compared whole.
 */
export type DeepPartial<T> = T extends Date | ((...args: never[]) => unknown)
  ? T
  : T extends readonly (infer Item)[]
    ? readonly DeepPartial<Item>[]
    : T extends object
      ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/** Where an actual value first departs from a partial expectation. */
export interface Mismatch {
  /** Property path from the root, e.g. `data.lines[0].quantity`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** Why, when "expected X, received Y" alone would not say it. */
  readonly reason?: string;
}

/**
 * Compares `actual` with a partial expectation: plain objects match when every expected key
 * matches (extra keys are ignored), arrays match item by item and must have the same length,
 * Dates match by time, objects with an `equals` method (value objects) decide for themselves,
 * anything else must be identical (`Object.is`).
 */
export function findMismatch(expected: unknown, actual: unknown, path: string): Mismatch | undefined {
  if (Object.is(expected, actual)) return undefined;
  if (expected instanceof Date) {
    return actual instanceof Date && actual.getTime() === expected.getTime()
      ? undefined
      : { path, expected, actual };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected, actual };
    if (actual.length !== expected.length) {
      return {
        path,
        expected,
        actual,
        reason: `expected ${expected.length} items, received ${actual.length}`,
      };
    }
    for (const [index, item] of expected.entries()) {
      const mismatch = findMismatch(item, actual[index], `${path}[${index}]`);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  if (isPlainObject(expected)) {
    if (typeof actual !== 'object' || actual === null) return { path, expected, actual };
    for (const [key, value] of Object.entries(expected)) {
      const keyPath = `${path}${formatKey(key)}`;
      if (!(key in actual) && value !== undefined) {
        return { path: keyPath, expected: value, actual: undefined, reason: 'missing' };
      }
      const mismatch = findMismatch(value, (actual as Record<string, unknown>)[key], keyPath);
      if (mismatch) return mismatch;
    }
    return undefined;
  }
  if (hasEquals(expected) && expected.equals(actual)) return undefined;
  return { path, expected, actual };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function hasEquals(value: unknown): value is { equals(other: unknown): boolean } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { equals?: unknown }).equals === 'function'
  );
}

function formatKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

import { ValidationError } from '@ddd-kit/core';

/** Most lines one document (receipt, order, a receiving) may carry. */
export const LINES_MAX = 500;

/**
 * Checks a document's line count (the DTOs check it first; this keeps the domain honest when it
 * is driven from elsewhere, e.g. jobs).
 * @throws ValidationError TOO_MANY_LINES for no line or more than {@link LINES_MAX}
 */
export function assertLineCount(count: number): void {
  if (count < 1 || count > LINES_MAX) throw new ValidationError('TOO_MANY_LINES', { count, max: LINES_MAX });
}

/**
 * Checks that no key (a SKU) appears on two lines of a document.
 * @throws ValidationError LINE_DUPLICATE naming the first repeated key
 */
export function assertDistinct(keys: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new ValidationError('LINE_DUPLICATE', { sku: key });
    seen.add(key);
  }
}

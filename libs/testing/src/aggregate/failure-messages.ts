import { inspect } from 'node:util';
import type { DomainEvent } from '@ddd-kit/core';
import type { Mismatch } from './partial-match.js';

/** One line, deep enough for event data and error params. */
export function describeValue(value: unknown): string {
  return inspect(value, { depth: 10, breakLength: Infinity, compact: true, sorted: false });
}

/** `StockReserved { quantity: 5 }`. */
export function describeEvent(event: DomainEvent): string {
  return `${event.constructor.name} ${describeValue(event.data)}`;
}

/** A numbered list of events, one per line, or `(none)`. */
export function listEvents(lines: readonly string[]): string {
  if (lines.length === 0) return '  (none)';
  return lines.map((line, index) => `  #${index + 1} ${line}`).join('\n');
}

/** `data.quantity: expected 5, received 3`. */
export function describeMismatch(mismatch: Mismatch): string {
  const received = mismatch.reason === 'missing' ? 'nothing (missing)' : describeValue(mismatch.actual);
  const reason = mismatch.reason && mismatch.reason !== 'missing' ? ` (${mismatch.reason})` : '';
  return `${mismatch.path}: expected ${describeValue(mismatch.expected)}, received ${received}${reason}`;
}

/** `InsufficientStockError: INSUFFICIENT_STOCK (requested=5)`, or the value for non-errors. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return `the non-error value ${describeValue(thrown)}`;
}

/** `1 event`, `2 events`. */
export function countEvents(count: number): string {
  return count === 1 ? '1 event' : `${count} events`;
}

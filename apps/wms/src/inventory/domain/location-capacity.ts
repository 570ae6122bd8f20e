import { LocationFullError } from './inventory.errors.js';
import type { StockItem } from './stock-item.aggregate.js';

/**
 * Capacity rule: the units on hand in a location, across its SKUs, never exceed its capacity.
 * `itemsThere` must be every stock item in the location, locked for the unit of work, so that
 * the sum is exact.
 * @throws LocationFullError when `incoming` more units do not fit
 */
export function assertRoomFor(
  location: string,
  capacity: number | null,
  itemsThere: readonly StockItem[],
  incoming: number,
): void {
  if (capacity === null) return;
  const used = itemsThere.reduce((sum, item) => sum + item.onHand, 0);
  if (used + incoming > capacity)
    throw new LocationFullError(location, Math.max(0, capacity - used), incoming);
}

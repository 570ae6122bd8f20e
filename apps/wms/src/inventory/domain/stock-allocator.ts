import { Quantity } from '../../shared/domain/quantity.js';
import { InsufficientStockError } from './inventory.errors.js';
import type { StockItem } from './stock-item.aggregate.js';

/** Units of a SKU an order needs. */
export interface StockDemand {
  readonly sku: string;
  readonly quantity: number;
}

/** Units reserved for an order on one stock item: what shipping or cancelling acts on. */
export interface StockAllocation {
  readonly stockItemId: string;
  readonly sku: string;
  readonly location: string;
  readonly quantity: number;
}

/**
 * Domain service: reserves an order's demands across the stock items of their SKUs, all or
 * nothing. It plans against what each item has available and reserves only once every demand is
 * covered, so a shortfall leaves every item untouched.
 *
 * Choice of items: the most available first (fewest picks per line), then by location code so
 * that equal stock always allocates the same way.
 */
export class StockAllocator {
  /**
   * @param candidates the stock items of the demanded SKUs, locked by the caller for the unit of work
   * @throws InsufficientStockError for the first demand that the SKU's available units cannot cover
   */
  allocate(
    orderId: string,
    demands: readonly StockDemand[],
    candidates: readonly StockItem[],
  ): StockAllocation[] {
    const left = new Map(candidates.map((item) => [item.id, item.available]));
    const planned: { item: StockItem; quantity: number }[] = [];
    for (const demand of demands) {
      const items = candidates
        .filter((item) => item.sku === demand.sku && item.available > 0)
        .sort((a, b) => b.available - a.available || a.location.localeCompare(b.location));
      let open = demand.quantity;
      for (const item of items) {
        if (open === 0) break;
        const take = Math.min(open, left.get(item.id) ?? 0);
        if (take === 0) continue;
        planned.push({ item, quantity: take });
        left.set(item.id, (left.get(item.id) ?? 0) - take);
        open -= take;
      }
      if (open > 0) {
        throw new InsufficientStockError({
          sku: demand.sku,
          requested: demand.quantity,
          available: demand.quantity - open,
        });
      }
    }
    return planned.map(({ item, quantity }) => {
      item.reserve(Quantity.positive(quantity), orderId);
      return { stockItemId: item.id, sku: item.sku, location: item.location, quantity };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Quantity } from '../../shared/domain/quantity.js';
import { StockAllocator, type StockAllocation, type StockDemand } from '../domain/stock-allocator.js';
import type { StockItem } from '../domain/stock-item.aggregate.js';
import { StockItemRepository } from '../infrastructure/stock-item.repository.js';

/**
 * Reservations of stock for orders, in the caller's unit of work (outbound's commands join it).
 * Every method locks the stock items it touches (`FOR UPDATE`, id order) before reading their
 * levels, so concurrent allocations of the same SKU queue and each sees the last one's result.
 */
@Injectable()
export class StockReservations {
  private readonly allocator = new StockAllocator();

  constructor(private readonly stock: StockItemRepository) {}

  /**
   * Reserves every demand, all or nothing, across the SKUs' stock items.
   * @throws InsufficientStockError with nothing reserved when any demand cannot be covered
   */
  async reserve(orderId: string, demands: readonly StockDemand[]): Promise<StockAllocation[]> {
    const candidates = await this.stock.lockSkus([...new Set(demands.map((demand) => demand.sku))]);
    return this.allocator.allocate(orderId, demands, candidates);
  }

  /** Gives back exactly the units of these allocations (an order was cancelled). */
  async release(orderId: string, allocations: readonly StockAllocation[]): Promise<void> {
    const items = await this.lockAllocated(allocations);
    for (const allocation of allocations) {
      items(allocation).release(Quantity.positive(allocation.quantity), orderId);
    }
  }

  /** Ships exactly the units of these allocations: on hand and reserved both go down. */
  async ship(orderId: string, allocations: readonly StockAllocation[]): Promise<void> {
    const items = await this.lockAllocated(allocations);
    for (const allocation of allocations) {
      items(allocation).ship(Quantity.positive(allocation.quantity), orderId);
    }
  }

  private async lockAllocated(
    allocations: readonly StockAllocation[],
  ): Promise<(allocation: StockAllocation) => StockItem> {
    const items = new Map(
      (await this.stock.lockIds(allocations.map((allocation) => allocation.stockItemId))).map((item) => [
        item.id,
        item,
      ]),
    );
    return (allocation) => {
      const item = items.get(allocation.stockItemId);
      // Stock items are never deleted, so an allocation always finds its item.
      if (!item) throw new Error(`Allocated stock item ${allocation.stockItemId} does not exist`);
      return item;
    };
  }
}

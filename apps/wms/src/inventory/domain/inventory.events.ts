import { DomainEvent, EventType } from '@ddd-kit/core';

/**
 * What every inventory event says about the stock item that recorded it: where it is, its levels
 * after the change, and the item's revision (1, 2, 3… per change). Read models upsert the levels
 * of the highest revision seen, whatever order the events arrive in.
 */
export interface StockLevelData {
  readonly sku: string;
  readonly location: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly revision: number;
}

@EventType('wms.inventory.stock-received', { version: 1, topic: 'wms.inventory' })
export class StockReceived extends DomainEvent<StockLevelData & { quantity: number }> {}

/**
 * Recorded by both stock items of a move, each with its own `location` and levels: the source
 * has `location === from`, the destination `location === to`.
 */
@EventType('wms.inventory.stock-moved', { version: 1, topic: 'wms.inventory' })
export class StockMoved extends DomainEvent<
  StockLevelData & { quantity: number; from: string; to: string }
> {}

/** A correction of the units on hand; `quantity` is signed (negative removes). */
@EventType('wms.inventory.stock-adjusted', { version: 1, topic: 'wms.inventory' })
export class StockAdjusted extends DomainEvent<StockLevelData & { quantity: number; reason: string }> {}

@EventType('wms.inventory.stock-reserved', { version: 1, topic: 'wms.inventory' })
export class StockReserved extends DomainEvent<StockLevelData & { quantity: number; orderId: string }> {}

@EventType('wms.inventory.stock-released', { version: 1, topic: 'wms.inventory' })
export class StockReleased extends DomainEvent<StockLevelData & { quantity: number; orderId: string }> {}

/** Reserved units left the warehouse: on hand and reserved both went down by `quantity`. */
@EventType('wms.inventory.stock-shipped', { version: 1, topic: 'wms.inventory' })
export class StockShipped extends DomainEvent<StockLevelData & { quantity: number; orderId: string }> {}

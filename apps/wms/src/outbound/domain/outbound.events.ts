import { DomainEvent, EventType } from '@ddd-kit/core';
import type { StockAllocation } from '../../inventory/domain/stock-allocator.js';

/** What every outbound event carries: the order's reference and the revision the change produced (1, 2, 3…). */
interface OrderEventData {
  reference: string;
  revision: number;
}

@EventType('wms.outbound.order-placed', { version: 1, topic: 'wms.outbound' })
export class OrderPlaced extends DomainEvent<
  OrderEventData & { lines: { sku: string; quantity: number }[] }
> {}

/** Every line is reserved: `allocations` say on which stock items, and how much. */
@EventType('wms.outbound.order-allocated', { version: 1, topic: 'wms.outbound' })
export class OrderAllocated extends DomainEvent<OrderEventData & { allocations: StockAllocation[] }> {}

@EventType('wms.outbound.order-picked', { version: 1, topic: 'wms.outbound' })
export class OrderPicked extends DomainEvent<OrderEventData> {}

/** The allocated units left the warehouse. */
@EventType('wms.outbound.order-shipped', { version: 1, topic: 'wms.outbound' })
export class OrderShipped extends DomainEvent<OrderEventData & { allocations: StockAllocation[] }> {}

/** `released` are the allocations given back (none when the order was not allocated yet). */
@EventType('wms.outbound.order-cancelled', { version: 1, topic: 'wms.outbound' })
export class OrderCancelled extends DomainEvent<
  OrderEventData & { previousStatus: string; released: StockAllocation[] }
> {}

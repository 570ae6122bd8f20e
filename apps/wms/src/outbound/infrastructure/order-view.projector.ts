import type { DomainEvent } from '@ddd-kit/core';
import { ProjectionHandler, Projector, type ProjectionContext } from '@ddd-kit/projector';
import type { StockAllocation } from '../../inventory/domain/stock-allocator.js';
import type { OrderStatus } from '../domain/order.aggregate.js';
import {
  OrderAllocated,
  OrderCancelled,
  OrderPicked,
  OrderPlaced,
  OrderShipped,
} from '../domain/outbound.events.js';

/** The cache tag of one order's view. */
export const orderViewTag = (orderId: string): string => `order:${orderId}`;

type OrderEvent = DomainEvent<{ revision: number }>;

const invalidates = (event: DomainEvent) => [orderViewTag(event.aggregateId)];

/**
 * The order view read model: one row per order with its status, lines and allocation (SKU,
 * location, quantity), for `GET /api/v1/orders/:id`.
 */
@Projector({ name: 'order-view', tables: ['order_views'] })
export class OrderViewProjector {
  @ProjectionHandler(OrderPlaced, { invalidates })
  async onPlaced(event: OrderPlaced, context: ProjectionContext): Promise<void> {
    await context.execute(
      `insert into order_views
         (tenant_id, order_id, reference, status, lines, allocations, revision, placed_at, updated_at)
       values (?, ?, ?, 'PLACED', ?::jsonb, '[]'::jsonb, ?, ?, ?)
       on conflict (tenant_id, order_id) do nothing`,
      [
        tenantOf(event),
        event.aggregateId,
        event.data.reference,
        JSON.stringify(event.data.lines),
        event.data.revision,
        event.occurredAt,
        event.occurredAt,
      ],
    );
  }

  @ProjectionHandler(OrderAllocated, { invalidates })
  onAllocated(event: OrderAllocated, context: ProjectionContext): Promise<void> {
    return this.update(event, context, 'ALLOCATED', event.data.allocations);
  }

  @ProjectionHandler(OrderPicked, { invalidates })
  onPicked(event: OrderPicked, context: ProjectionContext): Promise<void> {
    return this.update(event, context, 'PICKED');
  }

  @ProjectionHandler(OrderShipped, { invalidates })
  onShipped(event: OrderShipped, context: ProjectionContext): Promise<void> {
    return this.update(event, context, 'SHIPPED');
  }

  @ProjectionHandler(OrderCancelled, { invalidates })
  onCancelled(event: OrderCancelled, context: ProjectionContext): Promise<void> {
    return this.update(event, context, 'CANCELLED', []);
  }

  // Applies a change unless the view already shows a newer revision (events of one order may
  // reach the projector out of commit order; see StockLevelsProjector).
  private async update(
    event: OrderEvent,
    context: ProjectionContext,
    status: OrderStatus,
    allocations?: readonly StockAllocation[],
  ): Promise<void> {
    const view = allocations?.map(({ sku, location, quantity }) => ({ sku, location, quantity }));
    const tenantId = tenantOf(event);
    const changed = await context.execute(
      `update order_views
          set status = ?, allocations = coalesce(?::jsonb, allocations), revision = ?, updated_at = ?
        where tenant_id = ? and order_id = ? and revision < ?
        returning order_id`,
      [
        status,
        view ? JSON.stringify(view) : null,
        event.data.revision,
        event.occurredAt,
        tenantId,
        event.aggregateId,
        event.data.revision,
      ],
    );
    if (changed.length > 0) return;
    const known = await context.execute('select 1 from order_views where tenant_id = ? and order_id = ?', [
      tenantId,
      event.aggregateId,
    ]);
    // Placement comes first (a later command starts after it committed); a missing row means
    // it was lost, and parking the event says so.
    if (known.length === 0) throw new Error(`Order view ${event.aggregateId} does not exist`);
  }
}

// Orders are tenant data: an event without a tenant is a bug, parked rather than guessed.
function tenantOf(event: DomainEvent): string {
  const tenantId = event.metadata.tenantId;
  if (!tenantId) throw new Error(`Outbound event ${event.eventId} carries no tenant`);
  return tenantId;
}

import type { DomainEvent } from '@ddd-kit/core';
import { ProjectionHandler, Projector, type ProjectionContext } from '@ddd-kit/projector';
import {
  StockAdjusted,
  StockMoved,
  StockReceived,
  StockReleased,
  StockReserved,
  StockShipped,
  type StockLevelData,
} from '../domain/inventory.events.js';
import { stockLevelTagsOf } from './stock-levels.cache-tags.js';

type StockLevelEvent = DomainEvent<StockLevelData>;

const invalidates = (event: StockLevelEvent) => stockLevelTagsOf(event.data);

/**
 * The stock levels read model: one row per (tenant, SKU, location) with the levels of the
 * newest event seen. Every inventory event carries its stock item's resulting levels and
 * revision, so each handler is the same upsert, guarded by the revision: events of one stock
 * item need not arrive in commit order (the outbox source reads transactions in id order, and
 * two transactions serialized on the item's row lock may have ids in the other order).
 */
@Projector({ name: 'stock-levels', tables: ['stock_levels'] })
export class StockLevelsProjector {
  @ProjectionHandler(StockReceived, { invalidates })
  onReceived(event: StockReceived, context: ProjectionContext): Promise<void> {
    return this.upsert(event, context);
  }

  @ProjectionHandler(StockMoved, { invalidates })
  onMoved(event: StockMoved, context: ProjectionContext): Promise<void> {
    return this.upsert(event, context);
  }

  @ProjectionHandler(StockAdjusted, { invalidates })
  onAdjusted(event: StockAdjusted, context: ProjectionContext): Promise<void> {
    return this.upsert(event, context);
  }

  @ProjectionHandler(StockReserved, { invalidates })
  onReserved(event: StockReserved, context: ProjectionContext): Promise<void> {
    return this.upsert(event, context);
  }

  @ProjectionHandler(StockReleased, { invalidates })
  onReleased(event: StockReleased, context: ProjectionContext): Promise<void> {
    return this.upsert(event, context);
  }

  @ProjectionHandler(StockShipped, { invalidates })
  onShipped(event: StockShipped, context: ProjectionContext): Promise<void> {
    return this.upsert(event, context);
  }

  private async upsert(event: StockLevelEvent, context: ProjectionContext): Promise<void> {
    const tenantId = event.metadata.tenantId;
    // Inventory is tenant data: an event without a tenant is a bug, parked rather than guessed.
    if (!tenantId) throw new Error(`Inventory event ${event.eventId} carries no tenant`);
    const { sku, location, onHand, reserved, revision } = event.data;
    // An older revision arriving late changes nothing.
    await context.execute(
      `insert into stock_levels (tenant_id, sku, location, on_hand, reserved, available, revision, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (tenant_id, sku, location) do update
         set on_hand = excluded.on_hand, reserved = excluded.reserved, available = excluded.available,
             revision = excluded.revision, updated_at = excluded.updated_at
         where stock_levels.revision < excluded.revision`,
      [tenantId, sku, location, onHand, reserved, onHand - reserved, revision, event.occurredAt],
    );
  }
}

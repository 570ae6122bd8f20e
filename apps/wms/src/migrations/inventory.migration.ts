import { Migration } from '@mikro-orm/migrations';

/**
 * Stock items, one per (tenant, location, SKU). The check constraints repeat the aggregate's
 * invariants, so that no write path (a bug, a hand-written UPDATE) can break them.
 */
export class Migration20261122WmsInventory extends Migration {
  override up(): void {
    this.addSql(`
      create table stock_items (
        id uuid primary key,
        tenant_id varchar(64) not null,
        location varchar(64) not null,
        sku varchar(64) not null,
        on_hand bigint not null default 0,
        reserved bigint not null default 0,
        revision bigint not null default 0,
        version integer not null default 1,
        created_at timestamptz not null, updated_at timestamptz not null,
        created_by text, updated_by text,
        constraint stock_items_tenant_location_sku_unique unique (tenant_id, location, sku),
        constraint stock_items_on_hand_not_negative check (on_hand >= 0),
        constraint stock_items_reserved_within_on_hand check (reserved >= 0 and reserved <= on_hand)
      )`);
    // Allocation locks a SKU's items in every location.
    this.addSql(`create index stock_items_tenant_sku on stock_items (tenant_id, sku)`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * The read models the projectors keep: `stock_levels` (projector `stock-levels`) and
 * `order_views` (projector `order-view`). Rebuilds copy them with `like … including all`.
 */
export class Migration20261122WmsReadModels extends Migration {
  override up(): void {
    this.addSql(`
      create table stock_levels (
        tenant_id varchar(64) not null,
        sku varchar(64) not null,
        location varchar(64) not null,
        on_hand bigint not null,
        reserved bigint not null,
        available bigint not null,
        revision bigint not null default 0,
        updated_at timestamptz not null,
        primary key (tenant_id, sku, location)
      )`);
    this.addSql(`create index stock_levels_tenant_location on stock_levels (tenant_id, location)`);
    this.addSql(`
      create table order_views (
        tenant_id varchar(64) not null,
        order_id uuid not null,
        reference varchar(64) not null,
        status varchar(16) not null,
        lines jsonb not null,
        allocations jsonb not null,
        revision integer not null default 0,
        placed_at timestamptz not null,
        updated_at timestamptz not null,
        primary key (tenant_id, order_id)
      )`);
  }
}

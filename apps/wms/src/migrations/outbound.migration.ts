import { Migration } from '@mikro-orm/migrations';

/** Orders, unique by reference per tenant; lines and the allocation (stock items reserved) as JSON. */
export class Migration20261122WmsOutbound extends Migration {
  override up(): void {
    this.addSql(`
      create table orders (
        id uuid primary key,
        tenant_id varchar(64) not null,
        reference varchar(64) not null,
        status varchar(16) not null
          check (status in ('PLACED', 'ALLOCATED', 'PICKED', 'SHIPPED', 'CANCELLED')),
        lines jsonb not null check (jsonb_typeof(lines) = 'array'),
        allocations jsonb not null default '[]' check (jsonb_typeof(allocations) = 'array'),
        revision integer not null default 0,
        version integer not null default 1,
        created_at timestamptz not null, updated_at timestamptz not null,
        created_by text, updated_by text,
        constraint orders_tenant_reference_unique unique (tenant_id, reference)
      )`);
  }
}

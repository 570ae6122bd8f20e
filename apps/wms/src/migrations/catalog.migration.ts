import { Migration } from '@mikro-orm/migrations';

/** SKUs and locations, unique by code per tenant. */
export class Migration20261122WmsCatalog extends Migration {
  override up(): void {
    this.addSql(`
      create table skus (
        id uuid primary key,
        tenant_id varchar(64) not null,
        code varchar(64) not null,
        name varchar(200) not null,
        uom varchar(16) not null,
        version integer not null default 1,
        created_at timestamptz not null, updated_at timestamptz not null,
        created_by text, updated_by text,
        constraint skus_tenant_code_unique unique (tenant_id, code)
      )`);
    this.addSql(`
      create table locations (
        id uuid primary key,
        tenant_id varchar(64) not null,
        code varchar(64) not null,
        type varchar(16) not null check (type in ('RECEIVING', 'STORAGE', 'PICKING', 'SHIPPING')),
        capacity integer check (capacity > 0),
        version integer not null default 1,
        created_at timestamptz not null, updated_at timestamptz not null,
        created_by text, updated_by text,
        constraint locations_tenant_code_unique unique (tenant_id, code)
      )`);
  }
}

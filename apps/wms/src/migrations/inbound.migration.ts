import { Migration } from '@mikro-orm/migrations';

/** Receipts, unique by reference per tenant; expected and received quantities per line as JSON. */
export class Migration20261122WmsInbound extends Migration {
  override up(): void {
    this.addSql(`
      create table receipts (
        id uuid primary key,
        tenant_id varchar(64) not null,
        reference varchar(64) not null,
        status varchar(16) not null check (status in ('OPEN', 'RECEIVING', 'CLOSED')),
        lines jsonb not null check (jsonb_typeof(lines) = 'array'),
        version integer not null default 1,
        created_at timestamptz not null, updated_at timestamptz not null,
        created_by text, updated_by text,
        constraint receipts_tenant_reference_unique unique (tenant_id, reference)
      )`);
  }
}

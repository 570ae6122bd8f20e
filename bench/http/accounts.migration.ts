import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_MIGRATIONS } from '@ddd-kit/outbox';

/** The accounts table, as `Account` maps it. Both servers' databases get it. */
export class Migration20261201BenchHttpAccounts extends Migration {
  override up(): void {
    this.addSql(`
      create table accounts (
        id uuid primary key,
        tenant_id varchar(64) not null,
        owner varchar(100) not null,
        currency varchar(3) not null,
        balance integer not null,
        version integer not null default 1,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        created_by text,
        updated_by text
      )`);
    this.addSql('create index accounts_tenant_id_idx on accounts (tenant_id)');
  }
}

/**
 * The schema of both benchmark databases: the outbox library's migrations, then the accounts
 * table. The raw server's database gets exactly the same DDL (outbox indexes and NOTIFY trigger
 * included), so both pay the same PostgreSQL cost per insert.
 */
export const HTTP_BENCH_MIGRATIONS = [
  ...OUTBOX_MIGRATIONS,
  { name: 'Migration20261201BenchHttpAccounts', class: Migration20261201BenchHttpAccounts },
];

import { Migration } from '@mikro-orm/migrations';

/**
 * The projector's tables, and the commit order of outbox rows. Ship it after the outbox's
 * migrations: `migrations: { list: [...OUTBOX_MIGRATIONS, ...PROJECTOR_MIGRATIONS, ...yours] }`.
 */
export class Migration20261122ProjectorTables extends Migration {
  override up(): void {
    // Outbox-direct reading needs commit order, which `seq` is not: a transaction can take a
    // lower seq and commit after a higher one was read. Rows of transactions older than every
    // running one (`tx_id < pg_snapshot_xmin(pg_current_snapshot())`) can no longer appear, so
    // reading in (tx_id, seq) order below that horizon never skips a late commit. The id is also
    // the consistency token of the transaction that wrote the rows.
    this.addSql(
      `alter table outbox_messages add column if not exists tx_id xid8 not null default pg_current_xact_id()`,
    );
    this.addSql(
      `create index if not exists outbox_messages_commit_order_idx on outbox_messages (tx_id, seq)`,
    );
    // One row per projector and source partition: where it is, and how it is doing.
    this.addSql(`
      create table if not exists projector_checkpoints (
        projector text not null,
        source_partition text not null,
        position text not null,
        events_applied bigint not null default 0,
        last_event_at timestamptz,
        updated_at timestamptz not null default now(),
        last_error text,
        last_error_at timestamptz,
        primary key (projector, source_partition)
      )`);
    // Event ids each projector has applied: redeliveries (the relay is at least once) are skipped.
    this.addSql(`
      create table if not exists projector_applied_events (
        projector text not null,
        event_id uuid not null,
        primary key (projector, event_id)
      )`);
    // Poison events and the events of their aggregate that wait behind them, in arrival order.
    this.addSql(`
      create table if not exists projector_parked_events (
        projector text not null,
        seq bigserial not null,
        event_id uuid not null,
        aggregate_type text not null,
        aggregate_id text not null,
        event_type text not null,
        envelope jsonb not null,
        reason text not null check (reason in ('failed', 'waiting')),
        attempts integer not null default 0,
        error text,
        parked_at timestamptz not null default now(),
        primary key (projector, event_id)
      )`);
    this.addSql(`
      create index if not exists projector_parked_events_lane_idx
        on projector_parked_events (projector, aggregate_type, aggregate_id, seq)`);
  }

  override down(): void {
    this.addSql('drop table if exists projector_parked_events');
    this.addSql('drop table if exists projector_applied_events');
    this.addSql('drop table if exists projector_checkpoints');
    this.addSql('drop index if exists outbox_messages_commit_order_idx');
    this.addSql('alter table outbox_messages drop column if exists tx_id');
  }
}

/** The projector library's migrations, in order. */
export const PROJECTOR_MIGRATIONS = [
  { name: 'Migration20261122ProjectorTables', class: Migration20261122ProjectorTables },
];

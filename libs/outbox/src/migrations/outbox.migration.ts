import { Migration } from '@mikro-orm/migrations';

/**
 * Creates the outbox table. Ship it with your migrations:
 * `DatabaseModule.forRoot({ migrations: { list: [...OUTBOX_MIGRATIONS, ...yours] } })`, or call
 * it from a migration of your own.
 */
export class Migration20261120OutboxTables extends Migration {
  override up(): void {
    this.addSql(`
      create table if not exists outbox_messages (
        id uuid primary key,
        seq bigserial not null,
        tenant_id text,
        aggregate_type text not null,
        aggregate_id text not null,
        event_type text not null,
        event_version integer not null,
        payload jsonb not null,
        headers jsonb not null,
        topic text not null,
        partition_key text not null,
        status text not null default 'pending' check (status in ('pending', 'published', 'dead')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_error text,
        occurred_at timestamptz not null,
        created_at timestamptz not null default now(),
        published_at timestamptz,
        kafka_partition integer,
        kafka_offset bigint,
        locked_by text,
        locked_until timestamptz
      )`);
    // Claiming reads only unpublished rows: keep that index small.
    this.addSql(`
      create index if not exists outbox_messages_unpublished_idx
        on outbox_messages (next_attempt_at, seq) where status <> 'published'`);
    // "Is an earlier row of this aggregate still unpublished?" must be an index probe.
    this.addSql(`
      create index if not exists outbox_messages_lane_idx
        on outbox_messages (aggregate_type, aggregate_id, seq) where status <> 'published'`);
    // Wake relays on commit: NOTIFY is transactional, so it fires only when the rows are visible.
    this.addSql(`
      create or replace function outbox_messages_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('ddd_kit_outbox', '');
        return null;
      end $$`);
    this.addSql(`
      create trigger outbox_messages_notify after insert on outbox_messages
        for each statement execute function outbox_messages_notify()`);
    // The inbox: one row per (consumer, event) handled, written in the handler's transaction.
    this.addSql(`
      create table if not exists inbox_messages (
        consumer text not null,
        event_id uuid not null,
        handled_at timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);
    // Retention deletes old published rows in batches.
    this.addSql(`
      create index if not exists outbox_messages_published_at_idx
        on outbox_messages (published_at) where status = 'published'`);
  }

  override down(): void {
    this.addSql('drop table if exists inbox_messages');
    this.addSql('drop table if exists outbox_messages');
    this.addSql('drop function if exists outbox_messages_notify()');
  }
}

/**
 * Indexes for the relay's claim (bench:relay): without them every claim sorted all pending rows,
 * so draining a backlog was quadratic, and lane checks could scan whole lanes.
 */
export class Migration20261121OutboxClaimIndexes extends Migration {
  override up(): void {
    // The claim walks pending rows in insert order and stops after a batch.
    this.addSql(`
      create index if not exists outbox_messages_pending_seq_idx
        on outbox_messages (seq) where status = 'pending'`);
    // Rows that can block their lane: dead, leased, or failed before (backing off). Few, so
    // "is an earlier row of this lane blocking?" is a probe into a tiny index.
    this.addSql(`
      create index if not exists outbox_messages_lane_blocker_idx
        on outbox_messages (aggregate_type, aggregate_id, seq)
        where status <> 'published' and (status = 'dead' or locked_by is not null or attempts > 0)`);
  }

  override down(): void {
    this.addSql('drop index if exists outbox_messages_lane_blocker_idx');
    this.addSql('drop index if exists outbox_messages_pending_seq_idx');
  }
}

/**
 * Drops the first migration's `(next_attempt_at, seq)` index of unpublished rows (bench:relay).
 * Nothing reads through it since the claim walks pending rows by seq, yet every insert wrote to
 * it, and on stale statistics the planner took it for the claim's lane checks and read it whole
 * for every candidate. The lane index has the same predicate for counting the backlog.
 */
export class Migration20261122OutboxRelayIndexes extends Migration {
  override up(): void {
    this.addSql('drop index if exists outbox_messages_unpublished_idx');
  }

  override down(): void {
    this.addSql(`
      create index if not exists outbox_messages_unpublished_idx
        on outbox_messages (next_attempt_at, seq) where status <> 'published'`);
  }
}

/** The channel the outbox trigger notifies on commit. */
export const OUTBOX_NOTIFY_CHANNEL = 'ddd_kit_outbox';

/** The outbox library's migrations, in order. */
export const OUTBOX_MIGRATIONS = [
  { name: 'Migration20261120OutboxTables', class: Migration20261120OutboxTables },
  { name: 'Migration20261121OutboxClaimIndexes', class: Migration20261121OutboxClaimIndexes },
  { name: 'Migration20261122OutboxRelayIndexes', class: Migration20261122OutboxRelayIndexes },
];

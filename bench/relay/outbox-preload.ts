import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { DomainEvent, EventMetadata } from '@ddd-kit/core';
import { routeEvent } from '@ddd-kit/outbox';
import { SeededRandom } from '@ddd-kit/testing';
import { BenchAccount } from './fixture/bench-account.aggregate.js';

/** The passport every benchmark write runs under, so rows carry tenant, actor and correlation. */
export const BENCH_PASSPORT = { tenantId: 'tenant-bench', actorId: 'bench-writer' } as const;

/** The columns the preload writes; everything else keeps its default, as after `OutboxSink`. */
const COLUMNS = [
  ['id', 'uuid'],
  ['tenant_id', 'text'],
  ['aggregate_type', 'text'],
  ['aggregate_id', 'text'],
  ['event_type', 'text'],
  ['event_version', 'int'],
  ['payload', 'jsonb'],
  ['headers', 'jsonb'],
  ['topic', 'text'],
  ['partition_key', 'text'],
  ['next_attempt_at', 'timestamptz'],
  ['occurred_at', 'timestamptz'],
] as const;
type Column = (typeof COLUMNS)[number][0];

// Statement size: 12 arrays of this many elements each.
const INSERT_CHUNK = 5_000;

/**
 * `COLUMNS.length` parallel arrays, one element per row: what `unnest` turns back into rows.
 * JSON columns hold the JSON text MikroORM would send for them.
 */
export type OutboxRowColumns = { readonly [C in Column]: unknown[] };

/** A preload: its rows column by column, and how many. */
export interface OutboxPreload {
  readonly rows: number;
  readonly aggregates: number;
  readonly columns: OutboxRowColumns;
}

/**
 * Builds `aggregates × eventsPerAggregate` outbox rows the way an application makes them: each
 * account is opened and deposited to through its aggregate methods, the events are pulled with
 * the passport's metadata as the unit of work's collector does, and each row gets exactly the
 * fields `OutboxSink` writes (topic, key and headers from `routeEvent`, a JSON copy of the data).
 * The accounts take turns in a shuffled (seeded, so every run is alike) order, as concurrent
 * commands interleave: a batch of 500 holds several events of some lanes and none of others.
 */
export function buildOutboxPreload(aggregates: number, eventsPerAggregate: number): OutboxPreload {
  const accounts = Array.from({ length: aggregates }, (_, index) => BenchAccount.open(`owner-${index}`));
  const turns = new SeededRandom(20261121).shuffle(
    Array.from({ length: aggregates * eventsPerAggregate }, (_, index) => index % aggregates),
  );
  const deposits = new Array<number>(aggregates).fill(0);
  const columns = Object.fromEntries(COLUMNS.map(([name]) => [name, [] as unknown[]])) as OutboxRowColumns;
  for (const turn of turns) {
    const account = accounts[turn]!;
    // The first turn of an account publishes its `BenchAccountOpened`, recorded by `open`.
    if (!account.hasPendingEvents) {
      const count = ++deposits[turn]!;
      account.deposit(100 + (count % 900), `${account.owner}-${String(count).padStart(6, '0')}`);
    }
    for (const event of account.pullPendingEvents(metadataOf(uuidv7()))) appendRow(columns, event);
  }
  return { rows: turns.length, aggregates, columns };
}

/** The event metadata the collector stamps from a passport with this correlation id. */
function metadataOf(correlationId: string): EventMetadata {
  return { ...BENCH_PASSPORT, correlationId };
}

// `OutboxSink.toMessage`, column by column; the entity's `nextAttemptAt` default is `new Date()`.
function appendRow(columns: OutboxRowColumns, event: DomainEvent): void {
  const { topic, key, headers } = routeEvent(event);
  columns.id.push(event.eventId);
  columns.tenant_id.push(event.metadata.tenantId ?? null);
  columns.aggregate_type.push(event.aggregateType);
  columns.aggregate_id.push(event.aggregateId);
  columns.event_type.push(event.type);
  columns.event_version.push(event.version);
  columns.payload.push(JSON.stringify(event.data));
  columns.headers.push(JSON.stringify(headers));
  columns.topic.push(topic);
  columns.partition_key.push(key);
  columns.next_attempt_at.push(new Date());
  columns.occurred_at.push(event.occurredAt);
}

/**
 * Empties the outbox, inserts the preload in one transaction (in order, so `seq` follows the
 * event order as it does for commits), then vacuums and analyzes the table and checkpoints: every
 * drain starts from the same, freshly analyzed table rather than from whatever autovacuum last
 * saw, and with nothing of the load left to write.
 */
export async function loadOutbox(pool: pg.Pool, preload: OutboxPreload): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('truncate outbox_messages');
    await client.query('begin');
    for (let from = 0; from < preload.rows; from += INSERT_CHUNK) {
      const to = Math.min(preload.rows, from + INSERT_CHUNK);
      await client.query(
        INSERT_SQL,
        COLUMNS.map(([name]) => preload.columns[name].slice(from, to)),
      );
    }
    await client.query('commit');
    await client.query('vacuum analyze outbox_messages');
    // Written out now, not by the checkpointer in the middle of the drain that follows.
    await client.query('checkpoint');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const INSERT_SQL = `
  insert into outbox_messages (${COLUMNS.map(([name]) => name).join(', ')})
  select ${COLUMNS.map(([name, type]) => (type === 'jsonb' ? `${name}::jsonb` : name)).join(', ')}
    from unnest(${COLUMNS.map(([, type], index) => `$${index + 1}::${type === 'jsonb' ? 'text' : type}[]`).join(', ')})
         with ordinality as r(${COLUMNS.map(([name]) => name).join(', ')}, ord)
   order by ord`;

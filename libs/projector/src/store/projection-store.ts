import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { EventEnvelope } from '@ddd-kit/core';
import { parsePosition, formatPosition, type Position } from '../runtime/position.js';
import { laneOf } from '../runtime/sourced-event.js';

/** Why an event sits in the parked table. */
export type ParkReason = 'failed' | 'waiting';

/** A parked event as operations see it. */
export interface ParkedEvent {
  readonly projector: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly reason: ParkReason;
  readonly attempts: number;
  readonly error: string | null;
  readonly parkedAt: Date;
  readonly envelope: EventEnvelope;
}

/**
 * The projector's own SQL, run on the current transaction. Table names are left unqualified on
 * purpose: a rebuild sets `search_path` to its schema first, and the same statements then read
 * and write the rebuild's copies.
 */
@Injectable()
export class ProjectionStore {
  constructor(private readonly em: EntityManager) {}

  /** Serializes the transactions of one projector (batches, retries, the rebuild's switch). */
  async lock(projector: string): Promise<void> {
    await this.query(`select pg_advisory_xact_lock(hashtextextended('ddd-kit:projector:' || ?, 0))`, [
      projector,
    ]);
  }

  /**
   * Puts `schema` first on the transaction's search path, ahead of the app's own (not `public`:
   * the app may live elsewhere), so unqualified tables resolve to a rebuild's copies.
   */
  async searchFirst(schema: string): Promise<void> {
    // Once per transaction: the switch's catch-up runs many batches in one.
    await this.query(
      `select set_config('search_path', s.first || ', ' || s.path, true)
         from (select quote_ident(?) as first, current_setting('search_path') as path) s
        where split_part(s.path, ',', 1) <> s.first`,
      [schema],
    );
  }

  /** Where the projector stands in a partition; `undefined` before its first event there. */
  async checkpoint(projector: string, partition: string): Promise<Position | undefined> {
    const [row] = await this.query<{ position: string }>(
      'select position from projector_checkpoints where projector = ? and source_partition = ?',
      [projector, partition],
    );
    return row ? parsePosition(row.position) : undefined;
  }

  /** All checkpoints of a projector, by partition. */
  async checkpoints(projector: string): Promise<Map<string, Position>> {
    const rows = await this.query<{ source_partition: string; position: string }>(
      'select source_partition, position from projector_checkpoints where projector = ?',
      [projector],
    );
    return new Map(rows.map((row) => [row.source_partition, parsePosition(row.position)]));
  }

  async saveCheckpoint(
    projector: string,
    partition: string,
    position: Position,
    applied: number,
    lastEventAt: string | undefined,
  ): Promise<void> {
    await this.query(
      `insert into projector_checkpoints (projector, source_partition, position, events_applied, last_event_at)
       values (?, ?, ?, ?, ?)
       on conflict (projector, source_partition) do update
          set position = excluded.position,
              events_applied = projector_checkpoints.events_applied + excluded.events_applied,
              last_event_at = coalesce(excluded.last_event_at, projector_checkpoints.last_event_at),
              updated_at = now()`,
      [projector, partition, formatPosition(position), applied, lastEventAt ?? null],
    );
  }

  /** Records the last failure on every checkpoint row of the projector (or clears it). */
  async recordError(projector: string, error: string | null): Promise<void> {
    await this.query(
      `update projector_checkpoints
          set last_error = ?, last_error_at = case when ? then now() else last_error_at end
        where projector = ?`,
      [error, error !== null, projector],
    );
  }

  /** Records event ids as applied; returns the ones seen for the first time. */
  async firstApplications(projector: string, eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await this.query<{ event_id: string }>(
      `insert into projector_applied_events (projector, event_id)
       select ?, value::uuid from jsonb_array_elements_text(?::jsonb)
       on conflict do nothing
       returning event_id`,
      // Arrays travel as JSON: MikroORM's `execute` spreads array parameters into lists.
      [projector, JSON.stringify(eventIds)],
    );
    return new Set(rows.map((row) => row.event_id));
  }

  /** Which of these lanes have parked events (their later events must wait). */
  async parkedLanes(projector: string, envelopes: readonly EventEnvelope[]): Promise<Set<string>> {
    if (envelopes.length === 0) return new Set();
    const rows = await this.query<{ aggregate_type: string; aggregate_id: string }>(
      `select distinct p.aggregate_type, p.aggregate_id
         from projector_parked_events p
         join jsonb_to_recordset(?::jsonb) as l(aggregate_type text, aggregate_id text)
           on p.aggregate_type = l.aggregate_type and p.aggregate_id = l.aggregate_id
        where p.projector = ?`,
      [
        JSON.stringify(
          envelopes.map((e) => ({ aggregate_type: e.aggregateType, aggregate_id: e.aggregateId })),
        ),
        projector,
      ],
    );
    return new Set(
      rows.map((row) => laneOf({ aggregateType: row.aggregate_type, aggregateId: row.aggregate_id })),
    );
  }

  async park(
    projector: string,
    envelope: EventEnvelope,
    reason: ParkReason,
    failure: { error: string; attempts: number } | undefined,
  ): Promise<void> {
    await this.query(
      `insert into projector_parked_events
         (projector, event_id, aggregate_type, aggregate_id, event_type, envelope, reason, attempts, error)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (projector, event_id) do nothing`,
      [
        projector,
        envelope.eventId,
        envelope.aggregateType,
        envelope.aggregateId,
        envelope.type,
        JSON.stringify(envelope),
        reason,
        failure?.attempts ?? 0,
        failure?.error ?? null,
      ],
    );
  }

  /** Parked events, oldest first; per lane, in the order they must be applied. */
  async parked(
    projector: string,
    filter: { aggregateType?: string; aggregateId?: string } = {},
  ): Promise<ParkedEvent[]> {
    const rows = await this.query<{
      projector: string;
      event_id: string;
      event_type: string;
      aggregate_type: string;
      aggregate_id: string;
      reason: ParkReason;
      attempts: number;
      error: string | null;
      parked_at: Date;
      envelope: EventEnvelope;
    }>(
      `select projector, event_id, event_type, aggregate_type, aggregate_id, reason, attempts, error, parked_at, envelope
         from projector_parked_events
        where projector = ?
          and (?::text is null or aggregate_type = ?)
          and (?::text is null or aggregate_id = ?)
        order by seq`,
      [
        projector,
        filter.aggregateType ?? null,
        filter.aggregateType ?? null,
        filter.aggregateId ?? null,
        filter.aggregateId ?? null,
      ],
    );
    return rows.map((row) => ({
      projector: row.projector,
      eventId: row.event_id,
      eventType: row.event_type,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      reason: row.reason,
      attempts: row.attempts,
      error: row.error,
      parkedAt: new Date(row.parked_at),
      envelope: row.envelope,
    }));
  }

  async unpark(projector: string, eventId: string): Promise<void> {
    await this.query('delete from projector_parked_events where projector = ? and event_id = ?', [
      projector,
      eventId,
    ]);
  }

  async recordRetryFailure(projector: string, eventId: string, error: string): Promise<void> {
    await this.query(
      `update projector_parked_events set reason = 'failed', attempts = attempts + 1, error = ?
        where projector = ? and event_id = ?`,
      [error, projector, eventId],
    );
  }

  /**
   * Runs `fn` under a savepoint of the running transaction: when it throws, what it wrote is
   * rolled back (then `onRollback` runs) and the transaction goes on.
   */
  async savepoint<T>(fn: () => Promise<T>, onRollback: () => void): Promise<T> {
    await this.query('savepoint ddd_kit_projector');
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      await this.query('rollback to savepoint ddd_kit_projector');
      onRollback();
      throw error;
    }
    await this.query('release savepoint ddd_kit_projector');
    return result;
  }

  /** Runs SQL on the current transaction (or outside one) and returns its rows. */
  query<T extends object = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    // The running transaction's context if there is one; plain pool queries otherwise.
    const em = this.em.getContext(false);
    return em
      .getConnection()
      .execute<T[]>(sql, [...params], 'all', em.isInTransaction() ? em.getTransactionContext() : undefined);
  }
}

import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Pool } from 'pg';
import type { DeliveryReceipt, OutboxEnvelope } from '../transport/outbox-transport.js';

/** A claimed row: what to send, and how often it was tried. */
export interface ClaimedMessage extends OutboxEnvelope {
  readonly seq: string;
  readonly attempts: number;
}

/** A failed send and what to do about it. */
export interface FailedDelivery {
  readonly id: string;
  readonly error: string;
  /** When to try again; `null` parks the row as dead. */
  readonly retryAt: Date | null;
}

/** What is waiting in the outbox. */
export interface OutboxBacklog {
  readonly pending: number;
  readonly dead: number;
  /** Seconds since the oldest pending row was written; 0 when none is pending. */
  readonly oldestPendingAgeSeconds: number;
}

interface ClaimedRow {
  id: string;
  seq: string;
  topic: string;
  partition_key: string;
  headers: Record<string, string>;
  payload: string;
  aggregate_type: string;
  aggregate_id: string;
  event_type: string;
  event_version: number;
  attempts: number;
}

// Candidates are due, pending and not leased, in insert order, and not stuck behind an earlier row
// of their aggregate that is dead, backing off or leased: such a lane must not fill the candidate
// window, or one blocked aggregate would stall every other (regression, outbox-relay test). Of the
// candidates, a row is claimable only when every earlier unpublished row of its aggregate is
// claimed with it, which also covers rows another relay locked between the two steps.
// Indexes (second outbox migration): pending rows by seq serve the scan; blockers (dead, leased
// or failed before) have a small partial index of their own; `limit 1` keeps each lane check a
// per-row index probe, which the planner otherwise turns into a scan of every lane on stale
// statistics (bench:relay).
const CLAIM_SQL = `
  with candidates as (
    select m.id, m.seq, m.aggregate_type, m.aggregate_id
      from outbox_messages m
     where m.status = 'pending'
       and m.next_attempt_at <= now()
       and (m.locked_until is null or m.locked_until < now())
       and not exists (
         select 1
           from outbox_messages b
          where b.aggregate_type = m.aggregate_type
            and b.aggregate_id = m.aggregate_id
            and b.seq < m.seq
            and b.status <> 'published'
            and (b.status = 'dead' or b.locked_by is not null or b.attempts > 0)
            and (b.status = 'dead' or b.next_attempt_at > now() or b.locked_until >= now())
          limit 1
       )
     order by m.seq
     limit $1
       for update of m skip locked
  ), claimable as (
    select c.id
      from candidates c
     where not exists (
       select 1
         from outbox_messages e
        where e.aggregate_type = c.aggregate_type
          and e.aggregate_id = c.aggregate_id
          and e.status <> 'published'
          and e.seq < c.seq
          and e.id not in (select id from candidates)
        limit 1
     )
  )
  update outbox_messages m
     set locked_by = $2, locked_until = now() + make_interval(secs => $3)
    from claimable
   where m.id = claimable.id
  returning m.id, m.seq::text as seq, m.topic, m.partition_key, m.headers, m.payload::text as payload,
            m.aggregate_type, m.aggregate_id, m.event_type, m.event_version, m.attempts`;

/**
 * The relay's SQL, on the pool directly: claiming, marking and releasing are a few set-based
 * statements per batch and gain nothing from the identity map.
 */
@Injectable()
export class OutboxStore {
  constructor(private readonly orm: MikroORM) {}

  /** Leases up to `limit` rows that may be sent now, in per-aggregate order. */
  async claim(relayId: string, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
    const { rows } = await (await this.pool()).query<ClaimedRow>(CLAIM_SQL, [limit, relayId, leaseMs / 1000]);
    return rows
      .map((row) => ({
        id: row.id,
        seq: row.seq,
        topic: row.topic,
        key: row.partition_key,
        headers: row.headers,
        payload: row.payload,
        aggregateType: row.aggregate_type,
        aggregateId: row.aggregate_id,
        eventType: row.event_type,
        eventVersion: row.event_version,
        attempts: row.attempts,
      }))
      .sort((a, b) => compareSeq(a.seq, b.seq));
  }

  /** Marks confirmed rows published, keeping partition and offset. Only rows this relay leases. */
  async markPublished(
    relayId: string,
    delivered: readonly { id: string; receipt: DeliveryReceipt }[],
  ): Promise<void> {
    if (delivered.length === 0) return;
    await (
      await this.pool()
    ).query(
      `update outbox_messages m
          set status = 'published', published_at = now(), kafka_partition = d.broker_partition, kafka_offset = d.broker_offset,
              locked_by = null, locked_until = null, last_error = null
         from unnest($2::uuid[], $3::int[], $4::bigint[]) as d(id, broker_partition, broker_offset)
        where m.id = d.id and m.locked_by = $1`,
      [
        relayId,
        delivered.map((d) => d.id),
        delivered.map((d) => d.receipt.partition),
        delivered.map((d) => d.receipt.offset),
      ],
    );
  }

  /** Records failed attempts: back off, or park the row as dead. */
  async markFailed(relayId: string, failures: readonly FailedDelivery[]): Promise<void> {
    if (failures.length === 0) return;
    await (
      await this.pool()
    ).query(
      `update outbox_messages m
          set attempts = m.attempts + 1, last_error = f.error,
              status = case when f.retry_at is null then 'dead' else 'pending' end,
              next_attempt_at = coalesce(f.retry_at, m.next_attempt_at),
              locked_by = null, locked_until = null
         from unnest($2::uuid[], $3::text[], $4::timestamptz[]) as f(id, error, retry_at)
        where m.id = f.id and m.locked_by = $1`,
      [relayId, failures.map((f) => f.id), failures.map((f) => f.error), failures.map((f) => f.retryAt)],
    );
  }

  /** Gives leased rows back untouched (not sent, e.g. behind a failure in their lane, or at shutdown). */
  async release(relayId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await (
      await this.pool()
    ).query(
      `update outbox_messages set locked_by = null, locked_until = null where id = any($2::uuid[]) and locked_by = $1`,
      [relayId, ids],
    );
  }

  /** Counts what waits; one scan of the small unpublished-rows index. */
  async backlog(): Promise<OutboxBacklog> {
    const { rows } = await (
      await this.pool()
    ).query<{ pending: string; dead: string; age: number | null }>(
      `select count(*) filter (where status = 'pending') as pending,
              count(*) filter (where status = 'dead') as dead,
              extract(epoch from now() - min(created_at) filter (where status = 'pending'))::float8 as age
         from outbox_messages
        where status <> 'published'`,
    );
    const [row] = rows;
    return {
      pending: Number(row?.pending ?? 0),
      dead: Number(row?.dead ?? 0),
      oldestPendingAgeSeconds: Math.max(0, row?.age ?? 0),
    };
  }

  private async pool(): Promise<Pool> {
    return (await this.orm.em.getConnection().getNativeClient()) as Pool;
  }
}

function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

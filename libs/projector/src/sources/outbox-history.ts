import { MikroORM } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { envelopeOfMessage } from '@ddd-kit/outbox';
import type { Position } from '../runtime/position.js';
import type { SourcedEvent } from '../runtime/sourced-event.js';

/** The one partition of the outbox source. */
export const OUTBOX_PARTITION = 'outbox';
const START: Position = [0n, 0n];

interface OutboxRow {
  tx_id: string;
  seq: string;
  headers: Record<string, string>;
  payload: string;
}

/**
 * Reads committed outbox rows in commit order: by (tx_id, seq), and only from transactions older
 * than every transaction still running. A row below that horizon can no longer appear, so a
 * reader that moved past a position never misses a late commit behind it (see the projector
 * migration). Published or not does not matter: projectors keep their own checkpoints and never
 * touch the relay's columns.
 */
@Injectable()
export class OutboxHistory {
  constructor(private readonly orm: MikroORM) {}

  /** Up to `limit` rows of these event types after `after`, below the commit horizon. */
  async read(
    eventTypes: readonly string[],
    after: Position | undefined,
    limit: number,
    options: { upTo?: Position; tenantId?: string } = {},
  ): Promise<SourcedEvent[]> {
    const [afterTx, afterSeq] = after ?? START;
    const [upToTx, upToSeq] = options.upTo ?? [];
    const { rows } = await (
      await this.pool()
    ).query<OutboxRow>(
      // Order by the columns, not the text aliases: "100" sorts before "99".
      `select o.tx_id::text as tx_id, o.seq::text as seq, o.headers, o.payload::text as payload
         from outbox_messages o
        where (o.tx_id, o.seq) > ($1::text::xid8, $2::bigint)
          and o.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          and o.event_type = any($3::text[])
          and ($5::text is null or (o.tx_id, o.seq) <= ($5::text::xid8, $6::bigint))
          and ($7::text is null or o.tenant_id = $7)
        order by o.tx_id, o.seq
        limit $4`,
      [
        String(afterTx),
        String(afterSeq),
        eventTypes,
        limit,
        upToTx === undefined ? null : String(upToTx),
        upToSeq === undefined ? null : String(upToSeq),
        options.tenantId ?? null,
      ],
    );
    return rows.map((row) => ({
      envelope: envelopeOfMessage(row.headers, row.payload),
      partition: OUTBOX_PARTITION,
      position: [BigInt(row.tx_id), BigInt(row.seq)],
    }));
  }

  /** How many rows `read` would return, all batches together, for the same arguments. */
  async count(
    eventTypes: readonly string[],
    after: Position | undefined,
    options: { upTo: Position; tenantId?: string },
  ): Promise<number> {
    const [afterTx, afterSeq] = after ?? START;
    const [upToTx, upToSeq] = options.upTo;
    const { rows } = await (
      await this.pool()
    ).query<{ events: number }>(
      `select count(*)::int as events
         from outbox_messages o
        where (o.tx_id, o.seq) > ($1::text::xid8, $2::bigint)
          and (o.tx_id, o.seq) <= ($4::text::xid8, $5::bigint)
          and o.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          and o.event_type = any($3::text[])
          and ($6::text is null or o.tenant_id = $6)`,
      [
        String(afterTx),
        String(afterSeq),
        eventTypes,
        String(upToTx),
        String(upToSeq),
        options.tenantId ?? null,
      ],
    );
    return rows[0]?.events ?? 0;
  }

  /** Whether rows after `after` exist that are committed-or-running above the horizon. */
  async blockedByHorizon(eventTypes: readonly string[], after: Position | undefined): Promise<boolean> {
    const [afterTx, afterSeq] = after ?? START;
    const { rows } = await (
      await this.pool()
    ).query<{ blocked: boolean }>(
      `select exists (
         select 1 from outbox_messages
          where (tx_id, seq) > ($1::text::xid8, $2::bigint)
            and tx_id >= pg_snapshot_xmin(pg_current_snapshot())
            and event_type = any($3::text[])) as blocked`,
      [String(afterTx), String(afterSeq), eventTypes],
    );
    return rows[0]?.blocked ?? false;
  }

  /** The last readable position, and the count and age of what lies after `after`. */
  async backlog(
    eventTypes: readonly string[],
    after: Position | undefined,
  ): Promise<{ events: number; seconds: number }> {
    const [afterTx, afterSeq] = after ?? START;
    const { rows } = await (
      await this.pool()
    ).query<{ events: number; seconds: number | null }>(
      `select count(*)::int as events, extract(epoch from now() - min(created_at))::float8 as seconds
         from outbox_messages
        where (tx_id, seq) > ($1::text::xid8, $2::bigint) and event_type = any($3::text[])`,
      [String(afterTx), String(afterSeq), eventTypes],
    );
    const [row] = rows;
    return { events: row?.events ?? 0, seconds: Math.max(0, row?.seconds ?? 0) };
  }

  /** The position of the newest readable row of these types (and tenant), if any. */
  async head(eventTypes: readonly string[], tenantId?: string): Promise<Position | undefined> {
    const { rows } = await (
      await this.pool()
    ).query<{ tx_id: string; seq: string }>(
      `select o.tx_id::text as tx_id, o.seq::text as seq
         from outbox_messages o
        where o.tx_id < pg_snapshot_xmin(pg_current_snapshot())
          and o.event_type = any($1::text[])
          and ($2::text is null or o.tenant_id = $2)
        order by o.tx_id desc, o.seq desc
        limit 1`,
      [eventTypes, tenantId ?? null],
    );
    const [row] = rows;
    return row ? [BigInt(row.tx_id), BigInt(row.seq)] : undefined;
  }

  /** Whether any row of `txId` of these types lies after `after`. */
  async hasRowsAfter(
    txId: string,
    eventTypes: readonly string[],
    after: Position | undefined,
  ): Promise<boolean> {
    const [afterTx, afterSeq] = after ?? START;
    const { rows } = await (
      await this.pool()
    ).query<{ pending: boolean }>(
      `select exists (
         select 1 from outbox_messages
          where tx_id = $1::text::xid8 and event_type = any($2::text[])
            and (tx_id, seq) > ($3::text::xid8, $4::bigint)) as pending`,
      [txId, eventTypes, String(afterTx), String(afterSeq)],
    );
    return rows[0]?.pending ?? false;
  }

  async pool(): Promise<Pool> {
    return (await this.orm.em.getConnection().getNativeClient()) as Pool;
  }
}

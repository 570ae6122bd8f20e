import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { DATABASE_MODULE_OPTIONS, type DatabaseModuleOptions } from '@ddd-kit/database';
import type { DeliveryReceipt, OutboxEnvelope } from '../transport/outbox-transport.js';

/** A claimed row: what to send, and how often it was tried. */
export interface ClaimedMessage extends OutboxEnvelope {
  readonly seq: string;
  readonly attempts: number;
  /** Its lane's {@link LaneHash}. */
  readonly laneHash: LaneHash;
}

/** A claimed row as the claim returns it: the headers as the JSON text the row stores. */
type ClaimedRow = Omit<ClaimedMessage, 'headers'> & { readonly headersJson: string };

/**
 * A claimed row as the relay hands it on. The headers are parsed on first read only: a transport
 * that ships them as text (`headersJsonOf`, e.g. to `KafkaTransport`'s worker thread) never pays
 * for `JSON.parse` on the relay's thread.
 */
class ClaimedOutboxMessage implements ClaimedMessage {
  readonly id: string;
  readonly seq: string;
  readonly attempts: number;
  readonly laneHash: LaneHash;
  readonly topic: string;
  readonly key: string;
  readonly headersJson: string;
  readonly payload: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly eventType: string;
  readonly eventVersion: number;
  private parsedHeaders: Readonly<Record<string, string>> | undefined;

  constructor(row: ClaimedRow) {
    this.id = row.id;
    this.seq = row.seq;
    this.attempts = row.attempts;
    this.laneHash = row.laneHash;
    this.topic = row.topic;
    this.key = row.key;
    this.headersJson = row.headersJson;
    this.payload = row.payload;
    this.aggregateType = row.aggregateType;
    this.aggregateId = row.aggregateId;
    this.eventType = row.eventType;
    this.eventVersion = row.eventVersion;
  }

  get headers(): Readonly<Record<string, string>> {
    return (this.parsedHeaders ??= JSON.parse(this.headersJson) as Record<string, string>);
  }
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

/** Options of {@link OutboxStore.claim}. */
export interface ClaimOptions {
  /** Rows at most. */
  readonly limit: number;
  /** How long the batch may then sit idle in its transaction before PostgreSQL ends it. */
  readonly holdMs: number;
  /** Aggregates to leave alone: those of the caller's other open batches. */
  readonly skipLanes?: readonly LaneHash[];
}

/**
 * An ordering lane (one aggregate) as a claim names it: PostgreSQL's `hashtext` of its type and
 * id. Compact, so that naming the ~800 lanes of two open batches costs a few kilobytes of SQL,
 * not forty; two lanes that share a hash are merely both skipped for a round.
 */
export type LaneHash = number;

// Candidates are due, pending and not leased, in insert order, not in a lane the caller skips,
// and not stuck behind an earlier row of their aggregate that is dead, backing off or leased
// (leases are what relays before this version wrote instead of holding a transaction): such a
// lane must not fill the candidate window, or one blocked aggregate would stall every other
// (regression, outbox-relay test). They are locked, skipping rows another transaction holds. Of
// the candidates, a row is claimable only when no pending row of its aggregate before it was
// left out of the batch: `held_back` collects, per aggregate, the first pending row before the
// batch's last that the batch does not hold. Those are the rows another relay holds locked right
// now, and rows whose lane the window passed over (their later rows were never candidates).
// Plan (bench:relay): the scan walks the pending-by-seq index and stops after a batch; the
// blocker check is a correlated subplan, one probe per row into its small partial index;
// `held_back` walks the same index range once more, and the batch is hash-joined to it. (Probing
// the lane index once per candidate instead cost twice as much: every probe also visits the
// lane's rows published since the last vacuum.) `offset 0` keeps the blocker probe a subplan:
// without it PostgreSQL pulls `not exists` up into an anti-join, which on stale statistics (a
// table analyzed while almost all published) scans every blocker per candidate, and a claim
// takes seconds. `enable_sort` and `enable_seqscan` off (set by `claim` for its transaction) keep
// the ordered index scans on a table never analyzed: the planner there expects a dozen pending
// rows and would read the table whole, or fetch and check every pending row to sort them.
// A row's lane hash (see LaneHash).
const LANE_HASH_SQL = `hashtext(m.aggregate_type || '/' || m.aggregate_id)`;

const claimSql = (limit: number, skipLanes: string) => `
  with candidates as (
    select m.id, m.seq, ${LANE_HASH_SQL} as lane_hash, m.topic, m.partition_key, m.headers, m.payload, m.aggregate_type, m.aggregate_id,
           m.event_type, m.event_version, m.attempts
      from outbox_messages m
     where m.status = 'pending'
       and m.next_attempt_at <= now()
       and (m.locked_until is null or m.locked_until < now())
       and ${LANE_HASH_SQL} not in (select unnest(${skipLanes}::int[]))
       and not exists (
         select
           from outbox_messages b
          where b.aggregate_type = m.aggregate_type
            and b.aggregate_id = m.aggregate_id
            and b.seq < m.seq
            and b.status <> 'published'
            and (b.status = 'dead' or b.locked_by is not null or b.attempts > 0)
            and (b.status = 'dead' or b.next_attempt_at > now() or b.locked_until >= now())
         offset 0
       )
     order by m.seq
     limit ${limit}
       for update of m skip locked
  ),
  held_back as (
    select e.aggregate_type, e.aggregate_id, min(e.seq) as seq
      from outbox_messages e
     where e.status = 'pending'
       and e.seq < (select max(seq) from candidates)
       and e.id not in (select id from candidates)
     group by e.aggregate_type, e.aggregate_id
  )
  select c.id, c.seq::text as seq, c.lane_hash as "laneHash", c.topic, c.partition_key as key, c.headers::text as "headersJson", c.payload::text as payload,
         c.aggregate_type as "aggregateType", c.aggregate_id as "aggregateId", c.event_type as "eventType",
         c.event_version as "eventVersion", c.attempts
    from candidates c
    left join held_back h on h.aggregate_type = c.aggregate_type and h.aggregate_id = c.aggregate_id
   where h.seq is null or h.seq > c.seq`;

// Also clears a lease an earlier relay version left on the row (it had expired, or the row
// would not have been claimed).
const markPublishedSql = (ids: string, partitions: string, offsets: string) => `
  update outbox_messages m
     set status = 'published', published_at = now(), kafka_partition = d.broker_partition,
         kafka_offset = d.broker_offset, locked_by = null, locked_until = null, last_error = null
    from unnest(${ids}::uuid[], ${partitions}::int[], ${offsets}::bigint[]) as d(id, broker_partition, broker_offset)
   where m.id = d.id`;

const MARK_FAILED_SQL = `
  update outbox_messages m
     set attempts = m.attempts + 1, last_error = f.error,
         status = case when f.retry_at is null then 'dead' else 'pending' end,
         next_attempt_at = coalesce(f.retry_at, m.next_attempt_at),
         locked_by = null, locked_until = null
    from unnest($1::uuid[], $2::text[], $3::timestamptz[]) as f(id, error, retry_at)
   where m.id = f.id`;

/**
 * A batch claimed in a transaction of its own, which holds the rows locked while they are at the
 * broker: other claims skip them and hold back the rest of their lanes. `settle` writes the
 * outcome and commits; `giveBack` rolls back. Either ends it, and either way every row of the
 * batch is free again; rows behind a failure in their lane need no write of their own.
 */
export class ClaimedBatch {
  /** The lanes of its rows, each once. */
  readonly lanes: readonly LaneHash[];
  private open = true;

  constructor(
    private readonly client: pg.PoolClient,
    /** The rows, in insert order. */
    readonly messages: readonly ClaimedMessage[],
  ) {
    this.lanes = [...new Set(messages.map((message) => message.laneHash))];
  }

  /** Records the confirmed rows with partition and offset, and the failed attempts; commits. */
  async settle(
    published: readonly { id: string; receipt: DeliveryReceipt }[],
    failed: readonly FailedDelivery[],
  ): Promise<void> {
    await this.end(async () => {
      if (failed.length > 0) {
        await this.client.query(MARK_FAILED_SQL, [
          failed.map((f) => f.id),
          failed.map((f) => f.error),
          failed.map((f) => f.retryAt),
        ]);
      }
      // The common case in one round trip: a simple query, so literals instead of parameters.
      const mark =
        published.length > 0
          ? `${markPublishedSql(
              arrayLiteral(published.map((d) => d.id)),
              arrayLiteral(published.map((d) => d.receipt.partition)),
              arrayLiteral(published.map((d) => d.receipt.offset)),
            )}; `
          : '';
      await this.client.query(`${mark}commit`);
    });
  }

  /** Leaves every row as it was (not sent: shutdown, or held too long). */
  async giveBack(): Promise<void> {
    await this.end(() => this.client.query('rollback'));
  }

  private async end(work: () => Promise<unknown>): Promise<void> {
    if (!this.open) throw new Error('This outbox batch is already settled or given back');
    this.open = false;
    try {
      await work();
      this.client.release();
    } catch (error) {
      // Dropping the connection ends the transaction: nothing was written, the rows are free.
      this.client.release(true);
      throw error;
    }
  }
}

/**
 * The relay's SQL, on the pool directly: claiming and settling are a few set-based statements per
 * batch and gain nothing from the identity map. A claimed batch keeps its transaction open while
 * the broker answers, so claims get connections of their own (at most
 * {@link RELAY_CONNECTIONS}): they never wait behind the application's queries, and never hold
 * the application's pool.
 */
@Injectable()
export class OutboxStore {
  private readonly logger = new Logger(OutboxStore.name);
  private relayPool: pg.Pool | undefined;

  constructor(
    private readonly orm: MikroORM,
    @Inject(DATABASE_MODULE_OPTIONS) private readonly database: DatabaseModuleOptions,
  ) {}

  /**
   * Locks up to `limit` rows that may be sent now, in per-aggregate order, in a transaction that
   * stays open until the batch is settled or given back; `undefined` when there are none.
   */
  async claim({ limit, holdMs, skipLanes = [] }: ClaimOptions): Promise<ClaimedBatch | undefined> {
    const client = await this.relayConnections().connect();
    try {
      // One round trip: a simple query (hence literals), its settings local to the transaction.
      const sql = [
        'begin',
        'set local enable_sort = off',
        'set local enable_seqscan = off',
        `set local idle_in_transaction_session_timeout = ${Math.ceil(holdMs)}`,
        claimSql(Math.trunc(limit), arrayLiteral(skipLanes)),
      ].join('; ');
      // The columns are named as the message's fields.
      const results = (await client.query(sql)) as unknown as pg.QueryResult<ClaimedRow>[];
      const rows = results.at(-1)?.rows ?? [];
      if (rows.length === 0) {
        await client.query('rollback');
        client.release();
        return undefined;
      }
      rows.sort((a, b) => compareSeq(a.seq, b.seq));
      return new ClaimedBatch(
        client,
        rows.map((row) => new ClaimedOutboxMessage(row)),
      );
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  /** Counts what waits; one scan of an index of unpublished rows (the lane index). */
  async backlog(): Promise<OutboxBacklog> {
    const pool = (await this.orm.em.getConnection().getNativeClient()) as pg.Pool;
    const { rows } = await pool.query<{ pending: string; dead: string; age: number | null }>(
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

  /** Closes the claims' connections (once no batch is open); the next claim opens them again. */
  async close(): Promise<void> {
    const pool = this.relayPool;
    this.relayPool = undefined;
    await pool?.end();
  }

  private relayConnections(): pg.Pool {
    if (this.relayPool) return this.relayPool;
    const pool = new pg.Pool({
      connectionString: this.database.url,
      max: RELAY_CONNECTIONS,
      application_name: RELAY_APPLICATION_NAME,
    });
    // A dropped connection (PostgreSQL ending an idle transaction, a restart) is an `error` event,
    // fatal without a listener; the statement in flight fails on its own and is handled there.
    const warn = (error: Error) =>
      this.logger.warn({ msg: 'Outbox relay connection lost', error: error.message });
    pool.on('error', warn);
    pool.on('connect', (client) => client.on('error', warn));
    return (this.relayPool = pool);
  }
}

/** How the relay's connections show in `pg_stat_activity`: which sessions hold outbox rows. */
export const RELAY_APPLICATION_NAME = 'ddd-kit outbox relay';

/** How the relay's LISTEN session shows in `pg_stat_activity`. */
export const RELAY_LISTENER_APPLICATION_NAME = 'ddd-kit outbox relay LISTEN';

/**
 * Connections for claimed batches: the relay's pipeline holds three transactions at most (one
 * claiming, one at the broker, one being settled). A fourth claim (`relayOnce` beside the loop)
 * waits for one of them.
 */
export const RELAY_CONNECTIONS = 3;

/**
 * A SQL literal of a PostgreSQL array of elements that need no quoting (uuids, numbers, strings
 * of digits; `null` is NULL); cast it to its type. Built without looking at each character: it
 * is the bulk of a batch's write-back.
 */
function arrayLiteral(values: readonly (string | number | null)[]): string {
  return `'{${values.map((value) => value ?? 'NULL').join(',')}}'`;
}

function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

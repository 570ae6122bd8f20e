import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { eventTypeOf } from '@ddd-kit/core';
import { OUTBOX_NOTIFY_CHANNEL } from '@ddd-kit/outbox';
import { BenchAccountOpened, BenchMoneyDeposited } from '../relay/fixture/bench-account.aggregate.js';
import {
  DEPOSIT_SQL,
  OPEN_ACCOUNT_SQL,
  RAW_ACCOUNT_BALANCES_PROJECTOR,
  withPgPlaceholders,
} from './fixture/account-balances.read-model.js';
import type { AppliedListener } from './projector-probe.js';
import { WakeSignal } from './wake-signal.js';

/** What the hand-written loop does per batch besides the upserts. */
export interface RawLoopOptions {
  readonly batchSize: number;
  /**
   * Record each event id in `projector_applied_events` (`on conflict do nothing returning`) and
   * apply only the ones seen for the first time: the library's redelivery guard. Without it the
   * loop relies on its checkpoint alone, which is enough for the outbox (one row per event id).
   */
  readonly dedupe: boolean;
}

/** Where the raw loop's time went, summed over its batches since the last reset. */
export interface RawLoopPhases {
  readonly batches: number;
  readonly applied: number;
  /** `begin`, the checkpoint row locked (`for update`) and, at the end, updated. */
  readonly checkpointMs: number;
  readonly readMs: number;
  readonly dedupeMs: number;
  readonly upsertMs: number;
  readonly commitMs: number;
  readonly horizonChecks: number;
}

const NO_PHASES: RawLoopPhases = {
  batches: 0,
  applied: 0,
  checkpointMs: 0,
  readMs: 0,
  dedupeMs: 0,
  upsertMs: 0,
  commitMs: 0,
  horizonChecks: 0,
};

const OPENED = eventTypeOf(BenchAccountOpened).type;
const DEPOSITED = eventTypeOf(BenchMoneyDeposited).type;
const EVENT_TYPES = [OPENED, DEPOSITED];
const OUTBOX_PARTITION = 'outbox';
// The library's values: 1 s poll without NOTIFY, 10 ms while rows wait behind the horizon.
const POLL_INTERVAL_MS = 1_000;
const HORIZON_RETRY_MS = 10;

// The same commit-order read as the library (see its projector migration): by (tx_id, seq),
// below the oldest running transaction, so a late commit is never skipped.
const READ_SQL = `
  select o.id::text as id, o.tenant_id, o.aggregate_id, o.event_type, o.payload,
         o.tx_id::text as tx_id, o.seq::text as seq
    from outbox_messages o
   where (o.tx_id, o.seq) > ($1::text::xid8, $2::bigint)
     and o.tx_id < pg_snapshot_xmin(pg_current_snapshot())
     and o.event_type = any($3::text[])
   order by o.tx_id, o.seq
   limit $4`;

const BLOCKED_SQL = `
  select exists (
    select 1 from outbox_messages
     where (tx_id, seq) > ($1::text::xid8, $2::bigint)
       and tx_id >= pg_snapshot_xmin(pg_current_snapshot())
       and event_type = any($3::text[])) as blocked`;

const OPEN_PG = withPgPlaceholders(OPEN_ACCOUNT_SQL);
const DEPOSIT_PG = withPgPlaceholders(DEPOSIT_SQL);

interface OutboxRow {
  id: string;
  tenant_id: string | null;
  aggregate_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  tx_id: string;
  seq: string;
}

type Position = readonly [txId: string, seq: string];

/**
 * The raw baseline: what a hand-written outbox projector on node-postgres does, with the same
 * guarantees as the library's outbox source. Per batch, one transaction: lock the checkpoint row,
 * read the next batch in commit order, optionally record the event ids (dedupe), run the same
 * upsert per event, move the checkpoint, commit. Live, it LISTENs on the outbox's channel and
 * polls as a fallback, and retries soon while rows wait behind the commit horizon.
 */
export class RawProjectionLoop {
  private current: { -readonly [K in keyof RawLoopPhases]: number } = { ...NO_PHASES };
  private live:
    { running: boolean; loop: Promise<void>; listener: pg.Client; wakeup: WakeSignal } | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: RawLoopOptions,
  ) {}

  /** Counters since the last reset. */
  get phases(): RawLoopPhases {
    return { ...this.current };
  }

  resetPhases(): void {
    this.current = { ...NO_PHASES };
  }

  /** Applies batches until one comes back short: a backlog, caught up. */
  async drain(): Promise<void> {
    while ((await this.batch()).events === this.options.batchSize);
  }

  /** Runs live until `stop`: wakes on NOTIFY, reports every committed batch to `onApplied`. */
  async start(databaseUrl: string, onApplied: AppliedListener): Promise<void> {
    const listener = new pg.Client({ connectionString: databaseUrl });
    const wakeup = new WakeSignal();
    listener.on('notification', () => wakeup.wake());
    await listener.connect();
    await listener.query(`listen ${OUTBOX_NOTIFY_CHANNEL}`);
    const state = { running: true, loop: Promise.resolve(), listener, wakeup };
    state.loop = (async () => {
      while (state.running) {
        let delay = POLL_INTERVAL_MS;
        const { events, position } = await this.batch(onApplied);
        if (events === this.options.batchSize) continue;
        if (await this.blockedByHorizon(position)) delay = HORIZON_RETRY_MS;
        if (state.running) await wakeup.wait(delay);
      }
    })();
    this.live = state;
  }

  async stop(): Promise<void> {
    const live = this.live;
    if (!live) return;
    live.running = false;
    live.wakeup.wake();
    await live.loop;
    await live.listener.end();
    this.live = undefined;
  }

  /** One transaction; returns how many events it read and the checkpoint it left. */
  private async batch(onApplied?: AppliedListener): Promise<{ events: number; position: Position }> {
    const client = await this.pool.connect();
    const phases = this.current;
    let started = performance.now();
    // The time since the previous lap, for the phase that just ended.
    const lap = (): number => {
      const now = performance.now();
      const ms = now - started;
      started = now;
      return ms;
    };
    try {
      await client.query('begin');
      const { rows: checkpoints } = await client.query<{ position: string }>(
        `select position from projector_checkpoints
          where projector = $1 and source_partition = $2 for update`,
        [RAW_ACCOUNT_BALANCES_PROJECTOR, OUTBOX_PARTITION],
      );
      const [txId = '0', seq = '0'] = checkpoints[0]?.position.split(':') ?? [];
      phases.checkpointMs += lap();
      const { rows } = await client.query<OutboxRow>(READ_SQL, [
        txId,
        seq,
        EVENT_TYPES,
        this.options.batchSize,
      ]);
      phases.readMs += lap();
      const last = rows.at(-1);
      if (!last) {
        await client.query('commit');
        phases.commitMs += lap();
        return { events: 0, position: [txId, seq] };
      }
      const fresh = this.options.dedupe ? await this.firstApplications(client, rows) : rows;
      phases.dedupeMs += lap();
      for (const row of fresh) await apply(client, row);
      phases.upsertMs += lap();
      await client.query(
        `update projector_checkpoints
            set position = $3, events_applied = events_applied + $4, last_event_at = now(), updated_at = now()
          where projector = $1 and source_partition = $2`,
        [RAW_ACCOUNT_BALANCES_PROJECTOR, OUTBOX_PARTITION, `${last.tx_id}:${last.seq}`, fresh.length],
      );
      phases.checkpointMs += lap();
      await client.query('commit');
      phases.commitMs += lap();
      phases.batches += 1;
      phases.applied += fresh.length;
      onApplied?.(
        fresh.map((row) => row.id),
        performance.timeOrigin + performance.now(),
      );
      return { events: rows.length, position: [last.tx_id, last.seq] };
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async firstApplications(client: pg.PoolClient, rows: readonly OutboxRow[]): Promise<OutboxRow[]> {
    const { rows: first } = await client.query<{ event_id: string }>(
      `insert into projector_applied_events (projector, event_id)
       select $1, unnest($2::uuid[])
       on conflict do nothing
       returning event_id`,
      [RAW_ACCOUNT_BALANCES_PROJECTOR, rows.map((row) => row.id)],
    );
    const ids = new Set(first.map((row) => row.event_id));
    return rows.filter((row) => ids.has(row.id));
  }

  private async blockedByHorizon([txId, seq]: Position): Promise<boolean> {
    this.current.horizonChecks += 1;
    const { rows } = await this.pool.query<{ blocked: boolean }>(BLOCKED_SQL, [txId, seq, EVENT_TYPES]);
    return rows[0]?.blocked ?? false;
  }
}

async function apply(client: pg.PoolClient, row: OutboxRow): Promise<void> {
  const data = row.payload;
  if (row.event_type === OPENED) {
    await client.query(OPEN_PG, [row.aggregate_id, row.tenant_id, data['owner'], data['currency'], row.id]);
  } else {
    await client.query(DEPOSIT_PG, [
      row.aggregate_id,
      row.tenant_id,
      data['currency'],
      data['amount'],
      data['reference'],
      row.id,
    ]);
  }
}

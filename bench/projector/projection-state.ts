import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { eventTypeOf } from '@ddd-kit/core';
import { BenchAccountOpened, BenchMoneyDeposited } from '../relay/fixture/bench-account.aggregate.js';
import { RAW_ACCOUNT_BALANCES_PROJECTOR } from './fixture/account-balances.read-model.js';

/**
 * Empties the read model and both projectors' bookkeeping (checkpoints, applied ids, parked
 * events), so the next run starts from an empty checkpoint. The raw loop's checkpoint row is
 * created at the start, since it locks that row in every batch.
 */
export async function resetProjections(pool: pg.Pool): Promise<void> {
  await pool.query('truncate account_balances, projector_applied_events, projector_parked_events');
  await pool.query('delete from projector_checkpoints');
  await pool.query(
    `insert into projector_checkpoints (projector, source_partition, position) values ($1, 'outbox', '0:0')`,
    [RAW_ACCOUNT_BALANCES_PROJECTOR],
  );
}

/**
 * Puts every projector's checkpoint at the newest outbox row: live, it then applies only what
 * the writers commit, as a projector that has caught up with the history does.
 */
export async function checkpointsAtHead(pool: pg.Pool, projectors: readonly string[]): Promise<void> {
  await pool.query(
    `insert into projector_checkpoints (projector, source_partition, position)
     select p.name, 'outbox', h.position
       from unnest($1::text[]) as p(name),
            (select tx_id::text || ':' || seq as position from outbox_messages
              order by tx_id desc, seq desc limit 1) h
     on conflict (projector, source_partition) do update set position = excluded.position`,
    [projectors],
  );
}

/** How a read model compares with the outbox it was projected from. */
export interface ReadModelCheck {
  readonly accounts: number;
  /** Accounts whose row is missing, extra, or has another balance, count or last event. */
  readonly wrong: number;
}

/**
 * Compares every account's row with what its outbox events say: the balance and number of
 * deposits (each event applied exactly once) and the last event in commit order (applied in
 * order).
 */
export async function checkReadModel(pool: pg.Pool): Promise<ReadModelCheck> {
  const { rows } = await pool.query<{ accounts: number; wrong: number }>(
    `with expected as (
       select aggregate_id,
              coalesce(sum((payload->>'amount')::bigint) filter (where event_type = $2), 0) as balance,
              (count(*) filter (where event_type = $2))::int as deposits,
              (array_agg(id order by tx_id desc, seq desc))[1] as last_event_id
         from outbox_messages
        where event_type = any($1::text[])
        group by aggregate_id)
     select count(e.aggregate_id)::int as accounts,
            count(*) filter (where b.account_id is null or e.aggregate_id is null
                               or b.balance <> e.balance or b.deposits <> e.deposits
                               or b.last_event_id <> e.last_event_id)::int as wrong
       from expected e full join account_balances b on b.account_id = e.aggregate_id`,
    [
      [eventTypeOf(BenchAccountOpened).type, eventTypeOf(BenchMoneyDeposited).type],
      eventTypeOf(BenchMoneyDeposited).type,
    ],
  );
  return rows[0] ?? { accounts: 0, wrong: 0 };
}

/** Events the checkpoint of `projector` says it applied. */
export async function eventsApplied(pool: pg.Pool, projector: string): Promise<number> {
  const { rows } = await pool.query<{ applied: number }>(
    `select coalesce(sum(events_applied), 0)::int as applied from projector_checkpoints where projector = $1`,
    [projector],
  );
  return rows[0]?.applied ?? 0;
}

/**
 * Waits until every outbox row lies below the commit horizon, so a catch-up can read them all:
 * a transaction of another database that started before the load holds them back (see
 * `HorizonWatch`).
 */
export async function untilOutboxBelowHorizon(pool: pg.Pool, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ below: boolean }>(
      `select coalesce(max(tx_id) < pg_snapshot_xmin(pg_current_snapshot()), true) as below from outbox_messages`,
    );
    if (rows[0]?.below) return;
    if (Date.now() > deadline)
      throw new Error(`Outbox rows still above the commit horizon after ${timeoutMs} ms`);
    await sleep(100);
  }
}

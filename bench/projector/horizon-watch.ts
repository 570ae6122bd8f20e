import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

// Often enough to see a transaction that stalls a 10 s run, rare enough to cost nothing.
const SAMPLE_INTERVAL_MS = 250;

/**
 * Watches for transactions of other databases on the same server that hold a transaction id.
 * The outbox source reads only below `pg_snapshot_xmin(pg_current_snapshot())`, and that horizon
 * is server-wide: a transaction that wrote anything, in any database, holds back every outbox
 * projector until it ends (a long migration, a session left idle in transaction, another
 * benchmark or test suite on a shared server). While it does, both projectors here wait alike and
 * the lag measures that transaction, not the projector; the bench reports and repeats such runs.
 */
export class HorizonWatch {
  private oldestMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  private constructor(private readonly pool: pg.Pool) {}

  /**
   * Waits (up to `timeoutMs`) until no transaction of another database older than `maxAgeMs`
   * holds the horizon, so a run does not start inside a stall it can only discard.
   */
  static async untilClear(pool: pg.Pool, maxAgeMs: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await oldestForeignTransactionMs(pool)) > maxAgeMs && Date.now() < deadline)
      await sleep(SAMPLE_INTERVAL_MS);
  }

  /** Starts sampling now. */
  static start(pool: pg.Pool): HorizonWatch {
    const watch = new HorizonWatch(pool);
    watch.sample();
    watch.timer = setInterval(() => watch.sample(), SAMPLE_INTERVAL_MS);
    return watch;
  }

  /**
   * Stops sampling (again: nothing more); the age of the oldest foreign transaction seen, in ms,
   * 0 when none.
   */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sampling;
    return this.oldestMs;
  }

  private sample(): void {
    this.sampling = this.sampling
      .then(async () => {
        this.oldestMs = Math.max(this.oldestMs, await oldestForeignTransactionMs(this.pool));
      })
      .catch(() => undefined); // A failed sample only leaves a gap.
  }
}

/** Age of the oldest transaction of another database that holds a transaction id, ms (0: none). */
async function oldestForeignTransactionMs(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ age_ms: number }>(
    `select coalesce(max(age_ms), 0)::float8 as age_ms from (
       select extract(epoch from now() - xact_start) * 1000 as age_ms
         from pg_stat_activity
        where backend_xid is not null and datname is distinct from current_database()
       union all
       select extract(epoch from now() - prepared) * 1000
         from pg_prepared_xacts
        where database <> current_database()) foreign_transactions`,
  );
  return rows[0]?.age_ms ?? 0;
}

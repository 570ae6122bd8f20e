import type pg from 'pg';
import { BenchAccount } from './fixture/bench-account.aggregate.js';
import type { BenchCommandContext } from './fixture/relay-bench-app.js';
import { BENCH_PASSPORT, type OutboxPreload } from './outbox-preload.js';

// Everything about a row but its ids and times; JSON columns by their keys.
const SHAPE_SQL = `
  select tenant_id, aggregate_type, event_type, event_version, topic, partition_key = aggregate_id as keyed_by_aggregate,
         status, attempts, last_error, published_at, kafka_partition, kafka_offset, locked_by, locked_until,
         next_attempt_at <= now() as due, (select array_agg(k order by k) from jsonb_object_keys(headers) k) as header_keys,
         (select array_agg(k order by k) from jsonb_object_keys(payload) k) as payload_keys
    from outbox_messages
   where id = $1`;

/**
 * Guards the benchmark's premise before anything is timed: the preload must be in the table in
 * event order (so `seq` gives every lane its order), and its rows must look exactly like rows
 * `OutboxSink` writes for the same events in a real `UnitOfWork` commit under the same passport.
 * Run it on a freshly loaded outbox; the commit's rows are deleted again afterwards.
 */
export async function checkPreload(
  pool: pg.Pool,
  preload: OutboxPreload,
  app: BenchCommandContext,
): Promise<void> {
  const { rows } = await pool.query<{ id: string }>('select id from outbox_messages order by seq');
  const expected = preload.columns.id;
  if (rows.length !== preload.rows || rows.some((row, index) => row.id !== expected[index])) {
    throw new Error('The preloaded outbox rows are not in event order');
  }
  const sinkIds = await app.passport.run({ ...BENCH_PASSPORT, correlationId: 'shape-check' }, () =>
    app.unitOfWork.run(async () => {
      const account = BenchAccount.open('shape-check');
      account.deposit(100, 'shape-check-1');
      app.accounts.add(account);
      return account.pendingEvents.map((event) => event.eventId);
    }),
  );
  try {
    // The preload's first row opens an account; some later row of that account is a deposit.
    const opened = expected[0] as string;
    const aggregateId = preload.columns.aggregate_id[0];
    const deposited = expected[preload.columns.aggregate_id.indexOf(aggregateId, 1)] as string;
    for (const [sinkId, preloadId] of [
      [sinkIds[0]!, opened],
      [sinkIds[1]!, deposited],
    ] as const) {
      const sinkShape = await shapeOf(pool, sinkId);
      const preloadShape = await shapeOf(pool, preloadId);
      if (sinkShape !== preloadShape) {
        throw new Error(
          `A preloaded row differs from OutboxSink's:\n  sink:    ${sinkShape}\n  preload: ${preloadShape}`,
        );
      }
    }
  } finally {
    await pool.query('delete from outbox_messages where id = any($1::uuid[])', [sinkIds]);
  }
}

async function shapeOf(pool: pg.Pool, id: string): Promise<string> {
  const { rows } = await pool.query(SHAPE_SQL, [id]);
  if (rows.length !== 1) throw new Error(`Outbox row ${id} not found`);
  return JSON.stringify(rows[0]);
}

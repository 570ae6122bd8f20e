import { setTimeout as sleep } from 'node:timers/promises';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { expectStatus, sql } from './wms-fixtures.js';
import type { WmsTestApp } from './wms-test-app.js';

/** Everything a write could change, as comparable values. */
export type WmsState = Record<string, string | number>;

// Every table a request could write, compared row by row (read models included: a write would
// reach them through the projectors); the outbox and the projector's tables by count, since the
// relay updates the rows it publishes.
const COMPARED_TABLES = [
  'skus',
  'locations',
  'receipts',
  'stock_items',
  'orders',
  'stock_levels',
  'order_views',
];
const COUNTED_TABLES = [
  'outbox_messages',
  'inbox_messages',
  'projector_applied_events',
  'projector_parked_events',
];

/** Digests of the WMS tables, counts of the outbox and projector tables, and the jobs queued. */
export async function wmsState(wms: WmsTestApp): Promise<WmsState> {
  const state: WmsState = {};
  for (const table of COMPARED_TABLES) {
    const [row] = await sql<{ digest: string }>(
      wms,
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t`,
    );
    state[table] = row!.digest;
  }
  for (const table of COUNTED_TABLES) {
    const [row] = await sql<{ count: string }>(wms, `select count(*) as count from ${table}`);
    state[table] = Number(row!.count);
  }
  for (const queue of ['imports', 'reports']) {
    const counts = await wms.app.get<Queue>(getQueueToken(queue), { strict: false }).getJobCounts();
    state[`queue:${queue}`] = Object.values(counts).reduce((sum, count) => sum + count, 0);
  }
  return state;
}

/**
 * {@link wmsState} once nothing moves any more: earlier writes are relayed and projected
 * asynchronously, so a state taken too early would change without any new write.
 */
export async function settledWmsState(wms: WmsTestApp): Promise<WmsState> {
  let previous = await wmsState(wms);
  for (let attempt = 0; attempt < 50; attempt++) {
    await sleep(200);
    const current = await wmsState(wms);
    const [row] = await sql<{ pending: string }>(
      wms,
      "select count(*) as pending from outbox_messages where status <> 'published'",
    );
    if (JSON.stringify(current) === JSON.stringify(previous) && Number(row!.pending) === 0) return current;
    previous = current;
  }
  throw new Error('the WMS state never settled');
}

/**
 * Waits until the projectors have applied the write that answered with `token` (and, as they
 * apply in commit order, every write before it).
 */
export async function waitForProjections(wms: WmsTestApp, token: string, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const response = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?size=1',
      headers: { 'x-consistency-token': token },
    });
    if (expectStatus(response, 200).headers['x-stale'] === undefined) return;
    if (Date.now() > deadline) throw new Error(`the projectors never reached ${token}`);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultScenario } from '../harness/fault-scenario.js';
import { recordAnswer } from '../harness/load-stats.js';
import { callWms } from '../harness/wms-client.js';

/** A request that fails while the database is away must say so quickly, not hang. */
const FAIL_FAST_MS = 3_000;

/**
 * `pg_ctlcluster … restart` under load: sessions are cut and open transactions roll back.
 * Requests meanwhile fail fast with 503 DATABASE_UNAVAILABLE; afterwards the API writes again
 * and the relay and projectors resume by themselves; nothing half-written survives (the
 * atomicity checks run in every scenario).
 */
export const postgresRestart: FaultScenario = {
  name: 'PostgreSQL restart',
  loadMs: 20_000,
  allowedFailures: ['503 DATABASE_UNAVAILABLE'],
  fault: async ({ suite, deployment, extra, load, note, fail }) => {
    await sleep(5_000);
    const restartStarted = Date.now();
    await suite.postgres.restart();
    note(`restart took ${((Date.now() - restartStarted) / 1000).toFixed(1)} s`);
    // The API must take writes again soon after, with its pool renewed by itself.
    const deadline = Date.now() + 15_000;
    let probes = 0;
    for (;;) {
      const code = `PG-PROBE-${++probes}`;
      const answer = await callWms(deployment.apiUrl, {
        method: 'POST',
        path: '/api/v1/skus',
        body: { code, name: code, uom: 'EA' },
      });
      recordAnswer(extra, 'POST /skus (probe)', answer);
      if (answer.status === 201) break;
      if (Date.now() > deadline) {
        fail(`API still failing writes 15 s after the restart: ${answer.status} ${answer.code}`);
        break;
      }
      await sleep(200);
    }
    note(`writes back ${((Date.now() - restartStarted) / 1000).toFixed(1)} s after the restart began`);
    const stats = await load?.done;
    const slowest = Math.max(stats?.slowestFailureMs ?? 0, extra.slowestFailureMs);
    const failed =
      (stats?.outcomes['503 DATABASE_UNAVAILABLE'] ?? 0) + (extra.outcomes['503 DATABASE_UNAVAILABLE'] ?? 0);
    note(`${failed} × 503 DATABASE_UNAVAILABLE, slowest failure ${Math.round(slowest)} ms`);
    if (slowest > FAIL_FAST_MS)
      fail(`a failing request took ${Math.round(slowest)} ms (limit ${FAIL_FAST_MS} ms)`);
  },
};

import { setTimeout as sleep } from 'node:timers/promises';
import { withDatabase } from '../checks/database-client.js';
import { waitForActivity } from '../harness/database-activity.js';
import type { FaultScenario } from '../harness/fault-scenario.js';

/** A session waiting for a lock on `stock_levels` inside a transaction: the projector, mid-batch. */
const BLOCKED_BATCH = `
  select count(*)::int as n from pg_stat_activity
   where wait_event_type = 'Lock' and query ilike '%stock_levels%' and pid <> pg_backend_pid()`;

/**
 * The projector process is SIGKILLed in the middle of a batch, then started again. To strike
 * mid-batch for sure, the test holds a lock on every `stock_levels` row for a moment, so the
 * projector's batch transaction (checkpoint and applied ids included) stops half-way; the kill
 * lands while it waits. The batch must then be applied exactly once by the new process.
 */
export const projectorKill: FaultScenario = {
  name: 'projector SIGKILL mid-batch',
  loadMs: 15_000,
  fault: async ({ deployment, databaseUrl, note }) => {
    await sleep(5_000);
    await withDatabase(databaseUrl, async (client) => {
      await client.query('begin');
      await client.query('select 1 from stock_levels for update');
      const blocked = await waitForActivity(databaseUrl, BLOCKED_BATCH, 10_000);
      await deployment.kill('projectors');
      await client.query('rollback');
      note(blocked > 0 ? 'killed with a batch half-applied' : 'no batch seen in flight at the kill');
    });
    const restart = Date.now();
    await deployment.start('projectors');
    note(`projector process ready ${((Date.now() - restart) / 1000).toFixed(1)} s after restart`);
  },
};

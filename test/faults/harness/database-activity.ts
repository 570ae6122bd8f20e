import { setTimeout as sleep } from 'node:timers/promises';
import { rowsOf, withDatabase } from '../checks/database-client.js';

/**
 * Waits (up to `timeoutMs`) until `sql` (a count over pg_stat_activity or the tables) returns
 * more than zero: the moment to strike, e.g. a batch in flight. Resolves with what it saw last.
 */
export async function waitForActivity(databaseUrl: string, sql: string, timeoutMs: number): Promise<number> {
  return withDatabase(databaseUrl, async (client) => {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    while (Date.now() < deadline) {
      const [row] = await rowsOf<{ n: number }>(client, sql);
      seen = Number(row?.n ?? 0);
      if (seen > 0) return seen;
      await sleep(10);
    }
    return seen;
  });
}

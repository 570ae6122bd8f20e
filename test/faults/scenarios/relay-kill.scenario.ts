import { setTimeout as sleep } from 'node:timers/promises';
import { waitForActivity } from '../harness/database-activity.js';
import type { FaultScenario } from '../harness/fault-scenario.js';

/**
 * Outbox rows a relay holds right now: claimed in a transaction still open (at the broker, or
 * settling). A row a transaction locked carries its id in `xmax`; the relay's sessions name
 * themselves (application_name) after the relay.
 */
const HELD_BY_RELAY = `
  select count(*)::int as n from outbox_messages m
   where m.xmax::text in (select backend_xid::text from pg_stat_activity
                           where application_name ilike '%relay%' and backend_xid is not null)`;

/** Broker latency while the relay may be killed, so that every batch stays in flight a while. */
const BROKER_DELAY_MS = 300;

/** The relay process is SIGKILLed (twice) while it holds a batch, then started again. */
export const relayKill: FaultScenario = {
  name: 'relay SIGKILL mid-batch',
  loadMs: 15_000,
  fault: async ({ deployment, databaseUrl, broker, note }) => {
    if (!broker.external) await broker.setResponseDelay(BROKER_DELAY_MS);
    for (const round of [1, 2]) {
      await sleep(3_000);
      const held = await waitForActivity(databaseUrl, HELD_BY_RELAY, 5_000);
      await deployment.kill('relay');
      note(`kill ${round}: ${held} rows held`);
      await sleep(1_000);
      await deployment.start('relay');
    }
    if (!broker.external) await broker.setResponseDelay(0);
  },
};

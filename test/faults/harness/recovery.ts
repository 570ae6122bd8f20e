import { setTimeout as sleep } from 'node:timers/promises';
import { checkReadModels } from '../checks/read-model-check.js';
import { rowsOf, withDatabase } from '../checks/database-client.js';
import type { EventConsumer } from './event-consumer.js';
import { callWms } from './wms-client.js';

export interface RecoveryOptions {
  readonly databaseUrl: string;
  readonly consumer: EventConsumer;
  /** A process with the projector status API. */
  readonly projectorsUrl: string;
  /** @default 90_000 */
  readonly timeoutMs?: number;
}

/** How long recovery took, or what was still missing when the wait gave up. */
export interface Recovery {
  readonly recovered: boolean;
  readonly ms: number;
  /** The last state seen, e.g. `outbox unpublished 12, consumer missing 12, projectors lag 3`. */
  readonly state: string;
  /** When each kind of lag was last seen, in ms from the start of the wait (what took longest). */
  readonly lastSeen: Readonly<Record<string, number>>;
}

/**
 * Waits (bounded) until the system has caught up by itself: every outbox row published, every
 * committed event seen by the consumer, the projectors without lag or parked events, and their
 * read models equal to the aggregates.
 */
export async function waitForRecovery(options: RecoveryOptions): Promise<Recovery> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 90_000);
  let state = 'not checked';
  const lastSeen: Record<string, number> = {};
  while (Date.now() < deadline) {
    try {
      state = await lagging(options);
      if (state === '') return { recovered: true, ms: Date.now() - started, state: 'caught up', lastSeen };
    } catch (error) {
      state = `cannot check yet: ${error instanceof Error ? error.message : String(error)}`;
    }
    for (const part of state.split(', '))
      lastSeen[part.replace(/[\d:].*$/, '').trim()] = Date.now() - started;
    await sleep(500);
  }
  return { recovered: false, ms: Date.now() - started, state, lastSeen };
}

async function lagging(options: RecoveryOptions): Promise<string> {
  return withDatabase(options.databaseUrl, async (client) => {
    const rows = await rowsOf<{ id: string; status: string }>(
      client,
      'select id::text, status from outbox_messages',
    );
    const unpublished = rows.filter((row) => row.status !== 'published').length;
    const missing = rows.filter((row) => !options.consumer.distinct.has(row.id)).length;
    const status = await callWms(options.projectorsUrl, {
      method: 'GET',
      path: '/api/v1/projectors',
      timeoutMs: 5_000,
    });
    const items: { name: string; lag: { events: number }; parked: number }[] = status.body?.items ?? [];
    const projectorLag = items.reduce((sum, item) => sum + item.lag.events, 0);
    const parked = items.reduce((sum, item) => sum + item.parked, 0);
    const behind = [
      unpublished > 0 && `outbox unpublished ${unpublished}`,
      missing > 0 && `consumer missing ${missing}`,
      status.status !== 200 && `projector status HTTP ${status.status}`,
      projectorLag > 0 && `projector lag ${projectorLag}`,
      parked > 0 && `projector parked ${parked}`,
    ].filter(Boolean);
    if (behind.length > 0) return behind.join(', ');
    const readModels = await checkReadModels(client);
    return readModels.ok ? '' : `read models differ in ${readModels.failures} rows`;
  });
}

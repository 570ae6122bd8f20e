import type pg from 'pg';
import type { ConsumedEvent } from '../harness/event-consumer.js';
import { checkOf, type CheckResult } from './check-result.js';
import { rowsOf } from './database-client.js';

/** What reached the downstream consumer, against what the outbox committed. */
export interface DeliveryReport {
  /** Rows in `outbox_messages`: every event a committed transaction wrote. */
  readonly committed: number;
  /** Distinct committed event ids the consumer saw (header `event-id`). */
  readonly delivered: number;
  readonly lost: number;
  /** Messages of committed events beyond the first of each. */
  readonly duplicates: number;
  /** Rows not (yet) published: pending or dead. */
  readonly unpublished: number;
  /** Per aggregate, first deliveries in outbox (`seq`) order. */
  readonly order: CheckResult;
}

interface OutboxRow {
  id: string;
  aggregate_id: string;
  status: string;
}

/**
 * Compares the consumer's log with the outbox. Messages of other runs (a shared
 * `KAFKA_BROKERS`) are ignored: only ids committed on this database count.
 */
export async function checkDelivery(
  client: pg.Client,
  consumed: readonly ConsumedEvent[],
): Promise<DeliveryReport> {
  const rows = await rowsOf<OutboxRow>(
    client,
    'select id::text, aggregate_id, status from outbox_messages order by seq',
  );
  const committed = new Set(rows.map((row) => row.id));
  const firstSeen = new Set<string>();
  const deliveredInOrder = new Map<string, string[]>();
  let duplicates = 0;
  for (const message of consumed) {
    if (!committed.has(message.eventId)) continue;
    if (firstSeen.has(message.eventId)) {
      duplicates++;
      continue;
    }
    firstSeen.add(message.eventId);
    const lane = deliveredInOrder.get(message.aggregateId) ?? [];
    lane.push(message.eventId);
    deliveredInOrder.set(message.aggregateId, lane);
  }
  const outboxOrder = new Map<string, string[]>();
  for (const row of rows) {
    const lane = outboxOrder.get(row.aggregate_id) ?? [];
    lane.push(row.id);
    outboxOrder.set(row.aggregate_id, lane);
  }
  // Each aggregate's first deliveries must be its outbox rows in seq order (a prefix while
  // some are still missing, which then shows up as lost).
  const outOfOrder: string[] = [];
  for (const [aggregateId, delivered] of deliveredInOrder) {
    const expected = (outboxOrder.get(aggregateId) ?? []).filter((id) => firstSeen.has(id));
    if (expected.join() !== delivered.join()) {
      outOfOrder.push(
        `aggregate ${aggregateId}: outbox ${expected.join(' ')} / delivered ${delivered.join(' ')}`,
      );
    }
  }
  return {
    committed: committed.size,
    delivered: firstSeen.size,
    lost: committed.size - firstSeen.size,
    duplicates,
    unpublished: rows.filter((row) => row.status !== 'published').length,
    order: checkOf(outOfOrder),
  };
}

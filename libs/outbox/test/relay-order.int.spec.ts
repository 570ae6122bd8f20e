import { setTimeout as sleep } from 'node:timers/promises';
import { UnitOfWork } from '@ddd-kit/database';
import {
  KafkaTransport,
  OutboxMessage,
  OutboxStatus,
  type DeliveryResult,
  type OutboxEnvelope,
} from '@ddd-kit/outbox';
import { startKafkaTestBroker, type DatabaseTestModule, type KafkaTestBroker } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { DeliveryRecorder, type Delivery } from './fixture/delivery-recorder.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';

const TOPIC = 'relay-order.accounts';
const PARTITIONS = 4;
const AGGREGATES = 200;
const DEPOSITS_PER_AGGREGATE = 4;
const WRITERS = 50;
const MAX_STALL_MS = 10;

/**
 * The real KafkaTransport, counting what the broker confirmed to this instance. It stalls up to
 * `MAX_STALL_MS` before each send, as a relay process does on a GC pause or a slow network: the
 * window in which another relay could overtake a claimed batch, were lanes not guarded.
 */
class StallingKafkaTransport extends KafkaTransport {
  confirmed = 0;

  override async publish(batch: readonly OutboxEnvelope[]): Promise<DeliveryResult[]> {
    await sleep(Math.random() * MAX_STALL_MS);
    const results = await super.publish(batch);
    this.confirmed += results.filter((result) => result.ok).length;
    return results;
  }
}

/** The deposit amount a delivery carries; `null` for the account-opened event. */
function amountOf(delivery: Delivery): number | null {
  return (delivery.data as { amount?: number } | null)?.amount ?? null;
}

/**
 * Two relay instances (two apps on one database, as two processes would be) and 50 concurrent
 * writers: every aggregate's events reach Kafka in the order they were committed, none is lost.
 */
describe('relay order under concurrency', () => {
  let broker: KafkaTestBroker;
  let recorder: DeliveryRecorder | undefined;
  const apps: DatabaseTestModule[] = [];
  const transports: StallingKafkaTransport[] = [];

  beforeAll(async () => {
    broker = await startKafkaTestBroker({ topics: { [TOPIC]: PARTITIONS } });
    const outbox = () => {
      const transport = new StallingKafkaTransport({ brokers: broker.brokers });
      transports.push(transport);
      return {
        routing: { topics: { 'test.bank.account-opened': TOPIC, 'test.bank.money-deposited': TOPIC } },
        transport,
        // Small batches: one aggregate's events spread over many rounds of both relays.
        relay: { batchSize: 10, pollIntervalMs: 100 },
      };
    };
    const first = await startAccountTestModule(outbox());
    apps.push(first);
    apps.push(await startAccountTestModule(outbox(), { existing: first.database }));

    recorder = await DeliveryRecorder.start(broker.brokers, TOPIC, 'relay-order-test');
  }, 30_000);
  afterAll(async () => {
    await recorder?.stop();
    // The second app first: the first one owns (and drops) the database.
    for (const app of [...apps].reverse()) await app.close();
    await broker?.stop();
  });

  it('delivers every aggregate’s events in commit order, losing none', async () => {
    // Writers pull units of work from a shared queue; each writer uses one of the two apps.
    const runWriters = async (tasks: ((app: DatabaseTestModule) => Promise<void>)[]) => {
      const queue = [...tasks];
      await Promise.all(
        Array.from({ length: WRITERS }, async (_, writer) => {
          const app = apps[writer % apps.length]!;
          for (let task = queue.shift(); task; task = queue.shift()) await task(app);
        }),
      );
    };
    const ids: string[] = [];
    await runWriters(
      Array.from({ length: AGGREGATES }, (_, i) => async (app) => {
        const id = await app.module.get(UnitOfWork).run(async () => {
          const account = Account.open(`owner-${i}`);
          app.module.get(AccountRepository).add(account);
          return account.id;
        });
        ids.push(id);
      }),
    );
    // Each deposit records the version it was made on: 1, 2, 3… per aggregate in commit order.
    // An aggregate's deposits are queued together, so several writers race for it (its row lock
    // lines them up) and its events commit in quick succession, while the relays have its
    // earlier ones in flight.
    await runWriters(
      shuffle([...ids]).flatMap((id) =>
        Array.from({ length: DEPOSITS_PER_AGGREGATE }, () => async (app: DatabaseTestModule) => {
          await app.module.get(UnitOfWork).run(async () => {
            const account = await app.module.get(AccountRepository).getForUpdate(id);
            account.deposit(account.version);
          });
        }),
      ),
    );

    const committed = await apps[0]!.orm.em.fork().find(OutboxMessage, {}, { orderBy: { seq: 'asc' } });
    expect(committed).toHaveLength(AGGREGATES * (1 + DEPOSITS_PER_AGGREGATE));
    const deadline = Date.now() + 30_000;
    const missing = () => {
      const seen = new Set(recorder!.deliveries.map((d) => d.eventId));
      return committed.filter((row) => !seen.has(row.id)).map((row) => row.id);
    };
    while (missing().length > 0 && Date.now() < deadline) await sleep(100);
    expect(missing()).toEqual([]);

    // Duplicates are allowed; order is that of first recorder!.deliveries.
    const firstDeliveries = new Map<string, Delivery[]>();
    const counted = new Set<string>();
    for (const delivery of recorder!.deliveries) {
      if (counted.has(delivery.eventId)) continue;
      counted.add(delivery.eventId);
      firstDeliveries.set(delivery.aggregateId, [
        ...(firstDeliveries.get(delivery.aggregateId) ?? []),
        delivery,
      ]);
    }
    const expectedAmounts = [null, ...Array.from({ length: DEPOSITS_PER_AGGREGATE }, (_, i) => i + 1)];
    const disordered: string[] = [];
    for (const id of ids) {
      const delivered = firstDeliveries.get(id) ?? [];
      const lane = committed.filter((row) => row.aggregateId === id);
      if (
        JSON.stringify(delivered.map((d) => amountOf(d))) !== JSON.stringify(expectedAmounts) ||
        JSON.stringify(delivered.map((d) => d.eventId)) !== JSON.stringify(lane.map((row) => row.id))
      ) {
        disordered.push(`${id}: got ${JSON.stringify(delivered.map((d) => amountOf(d)))}`);
      }
      // The key keeps an aggregate on one partition, the only place Kafka keeps order.
      expect(
        new Set(recorder!.deliveries.filter((d) => d.aggregateId === id).map((d) => d.partition)).size,
      ).toBe(1);
    }
    expect(disordered).toEqual([]);

    // Every row is published, unleased, and records where one of its deliveries landed.
    const rows = await apps[0]!.orm.em.fork().find(OutboxMessage, {}, { orderBy: { seq: 'asc' } });
    const landed = new Map<string, Set<string>>();
    for (const d of recorder!.deliveries) {
      landed.set(d.eventId, (landed.get(d.eventId) ?? new Set()).add(`${d.partition}:${d.offset}`));
    }
    const wrong = rows.filter(
      (row) =>
        row.status !== OutboxStatus.Published ||
        row.lockedBy !== null ||
        !landed.get(row.id)?.has(`${row.kafkaPartition}:${row.kafkaOffset}`),
    );
    expect(wrong.map((row) => [row.id, row.status, row.kafkaPartition, row.kafkaOffset])).toEqual([]);

    // Both relays did share the work.
    expect(transports.map((t) => t.confirmed > 0)).toEqual([true, true]);
    expect(transports[0]!.confirmed + transports[1]!.confirmed).toBeGreaterThanOrEqual(committed.length);
  }, 60_000);
});

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

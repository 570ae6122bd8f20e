import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { UnitOfWork } from '@ddd-kit/database';
import {
  KafkaTransport,
  OutboxRelay,
  type DeliveryResult,
  type KafkaTransportOptions,
  type OutboxEnvelope,
} from '@ddd-kit/outbox';
import { startKafkaTestBroker, type DatabaseTestModule, type KafkaTestBroker } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { DeliveryRecorder } from './fixture/delivery-recorder.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';

const TOPIC = 'worker-transport.accounts';
const ROUTING = { topics: { 'test.bank.account-opened': TOPIC, 'test.bank.money-deposited': TOPIC } };
const BATCH_SIZE = 20;

interface Row {
  id: string;
  aggregate_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  kafka_partition: number | null;
  kafka_offset: string | null;
}

/** KafkaTransport (producer in its worker thread) that tells when a batch is handed to it. */
class ObservedKafkaTransport extends KafkaTransport {
  readonly outcomes: DeliveryResult[][] = [];
  private inFlight: (() => void) | undefined;

  /** Resolves once a batch is at the worker, not yet answered. */
  nextSend(): Promise<void> {
    return new Promise((resolve) => (this.inFlight = resolve));
  }

  /** The producer's thread, as the test's handle to crash it. */
  get worker(): Worker | undefined {
    return (this as unknown as { producer: { worker?: Worker } }).producer.worker;
  }

  override async publish(batch: readonly OutboxEnvelope[]): Promise<DeliveryResult[]> {
    const sending = super.publish(batch);
    this.inFlight?.();
    this.inFlight = undefined;
    const results = await sending;
    this.outcomes.push(results);
    return results;
  }
}

/**
 * The producer in a worker thread: what reaches Kafka and the rows is what the in-thread producer
 * gives (kafka-transport test), a thread that dies mid-batch loses nothing, and shutdown settles
 * the batch the worker holds.
 */
describe('KafkaTransport with its producer in a worker thread', () => {
  let broker: KafkaTestBroker;
  let recorder: DeliveryRecorder;
  let app: DatabaseTestModule | undefined;

  beforeAll(async () => {
    broker = await startKafkaTestBroker({ topics: { [TOPIC]: 4 } });
    recorder = await DeliveryRecorder.start(broker.brokers, TOPIC, 'worker-transport-test');
  }, 30_000);
  afterEach(async () => {
    await broker.setResponseDelay(0);
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await recorder?.stop();
    await broker?.stop();
  });

  const start = async (options: Partial<KafkaTransportOptions> = {}) => {
    const transport = new ObservedKafkaTransport({ brokers: broker.brokers, sendInWorker: true, ...options });
    app = await startAccountTestModule({
      routing: ROUTING,
      transport,
      relay: {
        enabled: false,
        batchSize: BATCH_SIZE,
        pollIntervalMs: 50,
        backoffBaseMs: 50,
        backoffMaxMs: 200,
      },
    });
    return { transport, relay: app.module.get(OutboxRelay) };
  };
  const commitAccounts = async (count: number, depositsEach: number) => {
    const uow = app!.module.get(UnitOfWork);
    const accounts = app!.module.get(AccountRepository);
    for (let i = 0; i < count; i++) {
      await uow.run(async () => {
        const account = Account.open(`owner-${i}`);
        for (let d = 1; d <= depositsEach; d++) account.deposit(d);
        accounts.add(account);
      });
    }
  };
  const rows = async () =>
    (await app!.orm.em
      .getConnection()
      .execute(
        'select id, aggregate_id, status, attempts, last_error, kafka_partition, kafka_offset from outbox_messages order by seq',
      )) as Row[];
  const waitUntilPublished = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while ((await rows()).some((row) => row.status !== 'published') && Date.now() < deadline) await sleep(50);
  };
  /** Every row reached the consumer, each aggregate's events first seen in commit order. */
  const expectAllDeliveredInOrder = async (committed: readonly Row[]) => {
    const deadline = Date.now() + 10_000;
    const seen = () => new Set(recorder.deliveries.map((d) => d.eventId));
    while (committed.some((row) => !seen().has(row.id)) && Date.now() < deadline) await sleep(50);
    expect(committed.filter((row) => !seen().has(row.id))).toEqual([]);
    const first = new Map<string, string[]>();
    const counted = new Set<string>();
    for (const { eventId, aggregateId } of recorder.deliveries) {
      if (counted.has(eventId)) continue;
      counted.add(eventId);
      first.set(aggregateId, [...(first.get(aggregateId) ?? []), eventId]);
    }
    for (const aggregateId of new Set(committed.map((row) => row.aggregate_id))) {
      const inCommitOrder = committed.filter((row) => row.aggregate_id === aggregateId).map((row) => row.id);
      expect(first.get(aggregateId)?.filter((id) => inCommitOrder.includes(id))).toEqual(inCommitOrder);
    }
  };

  it('runs kafkajs in a worker when asked and able to, on the relay thread by default', () => {
    expect(new KafkaTransport({ brokers: broker.brokers }).sendsInWorker).toBe(false);
    expect(new KafkaTransport({ brokers: broker.brokers, sendInWorker: true }).sendsInWorker).toBe(true);
    // A function cannot be handed to a thread: such settings keep the producer here.
    const logCreator = () => () => undefined;
    const withFunction = new KafkaTransport({
      brokers: broker.brokers,
      sendInWorker: true,
      kafka: { logCreator },
    });
    expect(withFunction.sendsInWorker).toBe(false);
  });

  it('records partition and offset of every message, as the consumer sees them', async () => {
    const { relay } = await start();
    await commitAccounts(10, 4);
    await relay.start();
    await waitUntilPublished(15_000);
    await relay.stop();

    const committed = await rows();
    expect(committed.filter((row) => row.status !== 'published')).toEqual([]);
    // Offsets within a partition are distinct and dense: each row got its own message's offset.
    const byPartition = new Map<number, number[]>();
    for (const row of committed) {
      const offsets = byPartition.get(row.kafka_partition!) ?? [];
      offsets.push(Number(row.kafka_offset));
      byPartition.set(row.kafka_partition!, offsets);
    }
    for (const offsets of byPartition.values()) {
      const sorted = [...offsets].sort((a, b) => a - b);
      expect(new Set(sorted).size).toBe(sorted.length);
      expect(sorted.at(-1)! - sorted[0]!).toBe(sorted.length - 1);
    }
    await expectAllDeliveredInOrder(committed);
  }, 30_000);

  it('loses nothing when the worker thread dies with a batch at the broker', async () => {
    const { transport, relay } = await start();
    await commitAccounts(30, 3);
    // Slow answers hold the first batch at the broker long enough to kill the thread under it.
    await broker.setResponseDelay(500);
    const sending = transport.nextSend();
    await relay.start();
    await sending;
    const crashed = transport.worker!;
    await crashed.terminate();
    await broker.setResponseDelay(0);

    await waitUntilPublished(20_000);
    await relay.stop();
    const committed = await rows();
    expect(committed.filter((row) => row.status !== 'published')).toEqual([]);
    // The batch the dead thread held failed, was retried (a new thread) and is out now.
    const [firstOutcome] = transport.outcomes;
    expect(firstOutcome?.every((result) => !result.ok)).toBe(true);
    const failure = firstOutcome?.[0];
    expect(failure?.ok === false && failure.error.message).toMatch(/producer thread stopped/);
    // One attempt counted per lane of that batch (the rows behind it in a lane were released);
    // publishing cleared the error.
    const retried = committed.filter((row) => row.attempts > 0);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((row) => row.attempts === 1)).toBe(true);
    expect(transport.worker).not.toBe(crashed);
    await expectAllDeliveredInOrder(committed);
  }, 40_000);

  it('stop() lets the worker answer the batch it holds; a restart reuses the idle thread', async () => {
    const { transport, relay } = await start();
    await commitAccounts(30, 3);
    await broker.setResponseDelay(300);
    const sending = transport.nextSend();
    await relay.start();
    await sending;
    const worker = transport.worker!;

    await relay.stop();
    // The batch at the broker when stop() was called was confirmed and recorded, not failed.
    expect(transport.outcomes.length).toBeGreaterThanOrEqual(1);
    expect(transport.outcomes.every((outcome) => outcome.every((result) => result.ok))).toBe(true);
    const published = (await rows()).filter((row) => row.status === 'published');
    expect(published).toHaveLength(transport.outcomes.flat().length);
    expect(published.every((row) => row.kafka_offset !== null && row.attempts === 0)).toBe(true);

    // Disconnected, the thread idles for the next start, which connects it again.
    await broker.setResponseDelay(0);
    await relay.start();
    await waitUntilPublished(15_000);
    await relay.stop();
    expect(transport.worker).toBe(worker);
    await expectAllDeliveredInOrder(await rows());
  }, 30_000);
});

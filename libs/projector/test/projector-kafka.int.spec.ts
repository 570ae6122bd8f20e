import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin, type IHeaders } from 'kafkajs';
import { KafkaTransport } from '@ddd-kit/outbox';
import { ProjectorRebuild, ProjectorRunner, ProjectorStatusService } from '@ddd-kit/projector';
import { type DatabaseTestModule, type KafkaTestBroker, startKafkaTestBroker, until } from '@ddd-kit/testing';
import { startProjectorTestModule, StockWriter } from './fixture/projector-test-module.js';
import { checksum, levels, matchesAggregates, parkedCount, sql, writeStock } from './fixture/read-model.js';

const TOPIC = 'test.stock';
const PARTITIONS = 4;
const GROUP = 'projector.stock-levels';

interface RawMessage {
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

describe('Projector on the Kafka source', () => {
  let broker: KafkaTestBroker;
  let kafka: Kafka;
  let admin: Admin;
  // Relay → Kafka → projector.
  let viaKafka: DatabaseTestModule;
  // The same writes on another database, projected straight from the outbox.
  let viaOutbox: DatabaseTestModule;

  /** Next offset to write, per partition. */
  async function highWatermarks(): Promise<Map<number, bigint>> {
    const offsets = await admin.fetchTopicOffsets(TOPIC);
    return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
  }

  /** The projector's checkpoint has reached the end of every partition. */
  async function caughtUpWithTopic(): Promise<boolean> {
    const high = await highWatermarks();
    const status = await viaKafka.module.get(ProjectorStatusService).get('stock-levels');
    const positions = new Map(status.partitions.map((p) => [p.partition, BigInt(p.position)]));
    return [...high].every(
      ([partition, next]) => next === 0n || positions.get(`${TOPIC}:${partition}`) === next - 1n,
    );
  }

  async function totalMessages(): Promise<bigint> {
    return [...(await highWatermarks()).values()].reduce((sum, next) => sum + next, 0n);
  }

  async function readTopic(): Promise<RawMessage[]> {
    const expected = Number(await totalMessages());
    const messages: RawMessage[] = [];
    const consumer = kafka.consumer({ groupId: `reader-${Date.now()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          messages.push({
            partition,
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
          });
        },
      });
      await until(async () => messages.length >= expected, 'the topic read back');
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  beforeAll(async () => {
    broker = await startKafkaTestBroker({ topics: { [TOPIC]: PARTITIONS } });
    kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    viaKafka = await startProjectorTestModule({
      projector: {
        // The mock cluster lets a group's departed member go only after its session timeout.
        source: {
          kafka: {
            brokers: broker.brokers,
            consumer: { sessionTimeout: 6_000, heartbeatInterval: 500 },
            // The outage test makes kafkajs log connection errors on purpose.
            kafka: { logLevel: logLevel.NOTHING },
          },
        },
        // Small batches: a rebuild's reader then runs ahead and waits for the replay.
        batchSize: 10,
        retryDelayMs: 5,
        maxAttempts: 3,
      },
      outbox: {
        transport: new KafkaTransport({ brokers: broker.brokers, kafka: { logLevel: logLevel.NOTHING } }),
        relay: { pollIntervalMs: 50 },
      },
    });
    viaOutbox = await startProjectorTestModule({ projector: { source: 'outbox', pollIntervalMs: 100 } });
  }, 60_000);
  afterAll(async () => {
    await viaKafka?.close();
    await viaOutbox?.close();
    await admin?.disconnect();
    await broker?.stop();
  }, 30_000);

  it('builds the same read model as the outbox source, keeping each aggregate in order across partitions', async () => {
    const script = { prefix: 'SAME', items: 24, rounds: 5, tenants: ['t-1', 't-2', undefined] } as const;
    await Promise.all([
      writeStock(viaKafka.module.get(StockWriter), script),
      writeStock(viaOutbox.module.get(StockWriter), script),
    ]);
    await until(() => matchesAggregates(viaKafka), 'the Kafka-fed model');
    await until(() => matchesAggregates(viaOutbox), 'the outbox-fed model');

    expect(await checksum(viaKafka, { ids: false })).toBe(await checksum(viaOutbox, { ids: false }));
    expect((await levels(viaKafka)).size).toBe(24);
    // Several partitions took part, and the fixture's step check parked nothing.
    const status = await viaKafka.module.get(ProjectorStatusService).get('stock-levels');
    expect(status.partitions.length).toBeGreaterThan(1);
    expect(status.parked).toBe(0);
    expect(await parkedCount(viaOutbox)).toBe(0);
  }, 60_000);

  it('keeps per-aggregate order under concurrent writers on several partitions', async () => {
    const writer = viaKafka.module.get(StockWriter);
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => writer.register(`ORDER-${i}`)));
    await Promise.all(
      ids.map(async (id, i) => {
        for (let round = 0; round < 5; round++) await writer.receive(id, [1, i + 1]);
      }),
    );
    await until(() => matchesAggregates(viaKafka), 'projection');
    const rows = await levels(viaKafka);
    ids.forEach((id, i) =>
      expect(rows.get(id)).toMatchObject({ on_hand: 5 * (i + 2), last_step: 10, events: 11 }),
    );
    expect(await parkedCount(viaKafka)).toBe(0);
  }, 60_000);

  it('changes nothing when Kafka delivers every message again, and moves the checkpoints past them', async () => {
    await until(caughtUpWithTopic, 'caught up');
    const before = await checksum(viaKafka);
    const total = await totalMessages();
    const messages = await readTopic();
    expect(messages.length).toBeGreaterThan(100);

    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: TOPIC,
        messages: messages.map(({ partition, key, value, headers }) => ({ partition, key, value, headers })),
      });
    } finally {
      await producer.disconnect();
    }
    expect(await totalMessages()).toBe(2n * total);

    await until(caughtUpWithTopic, 'the duplicates consumed');
    expect(await checksum(viaKafka)).toBe(before);
    expect(await matchesAggregates(viaKafka)).toBe(true);
    expect(await parkedCount(viaKafka)).toBe(0);
  }, 60_000);

  it('moves past a message that is not an outbox event at the end of a partition', async () => {
    await until(caughtUpWithTopic, 'caught up');
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: TOPIC,
        messages: [{ partition: 0, key: 'stray', value: 'not an event' }],
      });
    } finally {
      await producer.disconnect();
    }
    await until(caughtUpWithTopic, 'the stray message passed');
    const status = await viaKafka.module.get(ProjectorStatusService).get('stock-levels');
    expect(status.lag).toEqual({ events: 0, seconds: 0 });
  }, 30_000);

  it('resumes from its checkpoint after a restart, without gaps or repeats, and commits the group offsets', async () => {
    const runner = viaKafka.module.get(ProjectorRunner);
    const writer = viaKafka.module.get(StockWriter);
    const id = await writer.register('RESTART');
    await until(async () => (await levels(viaKafka)).has(id), 'registered');
    await until(caughtUpWithTopic, 'caught up');
    await runner.stop();

    // Kafka's group offsets follow the checkpoints, so a restart does not replay the topic.
    const committed = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    const high = await highWatermarks();
    expect(
      committed[0]!.partitions
        .filter(({ partition }) => (high.get(partition) ?? 0n) > 0n)
        .map(({ partition, offset }) => [partition, BigInt(offset)])
        .sort(([a], [b]) => Number(a) - Number(b)),
    ).toEqual([...high].filter(([, next]) => next > 0n).sort(([a], [b]) => a - b));

    for (let i = 0; i < 10; i++) await writer.receive(id, [1]);
    const published = [...high.values()].reduce((sum, next) => sum + next, 0n) + 10n;
    await until(async () => (await totalMessages()) >= published, 'the relay published');
    await sleep(300);
    expect((await levels(viaKafka)).get(id)?.on_hand).toBe(0);

    await runner.start();
    await until(async () => (await levels(viaKafka)).get(id)?.last_step === 10, 'after restart');
    expect((await levels(viaKafka)).get(id)).toMatchObject({ on_hand: 10, events: 11 });
    await until(caughtUpWithTopic, 'caught up');
    expect(await matchesAggregates(viaKafka)).toBe(true);
    expect(await parkedCount(viaKafka)).toBe(0);
  }, 60_000);

  it('reports each partition’s position and no lag once caught up', async () => {
    await until(caughtUpWithTopic, 'caught up');
    const status = await viaKafka.module.get(ProjectorStatusService).get('stock-levels');
    const high = await highWatermarks();
    expect(status).toMatchObject({
      name: 'stock-levels',
      source: 'kafka',
      running: true,
      parked: 0,
      lastError: null,
    });
    expect(status.lag).toEqual({ events: 0, seconds: 0 });
    expect(status.partitions.map((p) => [p.partition, p.position])).toEqual(
      [...high]
        .filter(([, next]) => next > 0n)
        .sort(([a], [b]) => a - b)
        .map(([partition, next]) => [`${TOPIC}:${partition}`, String(next - 1n)]),
    );
    const [applied] = await sql<{ events: number }>(
      viaKafka,
      `select count(*)::int as events from projector_applied_events where projector = 'stock-levels'`,
    );
    expect(status.partitions.reduce((sum, p) => sum + p.eventsApplied, 0)).toBe(applied!.events);
  }, 30_000);

  it('rebuilds from Kafka the same model the live projector built', async () => {
    // A foreign message last on a partition: the rebuilt checkpoint must still pass it.
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: TOPIC,
        messages: [{ partition: 1, key: 'stray', value: 'not an event' }],
      });
    } finally {
      await producer.disconnect();
    }
    await until(caughtUpWithTopic, 'caught up');
    expect(await matchesAggregates(viaKafka)).toBe(true);
    const live = await checksum(viaKafka);
    await sql(viaKafka, `update stock_levels set on_hand = -1 where sku like 'ORDER-%'`);
    expect(await checksum(viaKafka)).not.toBe(live);

    const result = await viaKafka.module.get(ProjectorRebuild).rebuild('stock-levels');
    expect(result.parked).toBe(0);
    expect(await checksum(viaKafka)).toBe(live);
    // The switched-in checkpoints stand at the end of every partition, each its own.
    expect(await caughtUpWithTopic()).toBe(true);
    expect((await viaKafka.module.get(ProjectorStatusService).get('stock-levels')).lag.events).toBe(0);

    // The live projector goes on from the rebuilt checkpoints.
    const writer = viaKafka.module.get(StockWriter);
    const [first] = [...(await levels(viaKafka)).keys()];
    await writer.receive(first!, [2]);
    await until(() => matchesAggregates(viaKafka), 'after the rebuild');
    expect(await parkedCount(viaKafka)).toBe(0);
  }, 60_000);

  it('stops its reader when a rebuild fails, and leaves the live model alone', async () => {
    await until(caughtUpWithTopic, 'caught up');
    const live = await checksum(viaKafka);
    const failing = viaKafka.module.get(ProjectorRebuild).rebuild('stock-levels', {
      onProgress: async ({ done }) => {
        if (done === 0) return;
        // Long enough for the reader to fill its buffer and wait for the replay to drain it.
        await sleep(500);
        throw new Error('operator gave up');
      },
    });
    await expect(failing).rejects.toThrow('operator gave up');
    expect(
      await sql(viaKafka, `select nspname from pg_namespace where nspname like 'ddd_rebuild_%'`),
    ).toEqual([]);
    expect(await checksum(viaKafka)).toBe(live);
    // And the next rebuild runs.
    await viaKafka.module.get(ProjectorRebuild).rebuild('stock-levels');
    expect(await checksum(viaKafka)).toBe(live);
  }, 60_000);

  it('can be started again after a start failed because the broker was away', async () => {
    const runner = viaKafka.module.get(ProjectorRunner);
    await runner.stop();
    await broker.takeDown();
    try {
      await expect(runner.start()).rejects.toThrow();
      expect(runner.running).toBe(false);
    } finally {
      await broker.bringUp();
    }
    await runner.start();
    expect(runner.running).toBe(true);
    const writer = viaKafka.module.get(StockWriter);
    const [first] = [...(await levels(viaKafka)).keys()];
    await writer.receive(first!, [1]);
    await until(() => matchesAggregates(viaKafka), 'projection after the outage', 30_000);
  }, 90_000);
});

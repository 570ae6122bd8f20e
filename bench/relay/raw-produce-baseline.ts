import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners, type Message, type ProducerBatch } from 'kafkajs';
import type pg from 'pg';

/**
 * The produce baseline: hand-written kafkajs sending the relay's messages (same topics, keys,
 * headers and payload text, in `seq` order) in the relay's batch size, one `sendBatch` with
 * `acks: -1` awaited after another, as the relay does. The batches are built before the clock
 * starts: this is the floor kafkajs and the broker set, with no database and no mapping.
 */
export class RawProduceBaseline {
  private constructor(
    private readonly brokers: readonly string[],
    private readonly batches: readonly ProducerBatch[],
    readonly messages: number,
  ) {}

  /** Reads the preloaded outbox rows, in order, as the relay would send them. */
  static async fromOutbox(
    pool: pg.Pool,
    brokers: readonly string[],
    batchSize: number,
  ): Promise<RawProduceBaseline> {
    const { rows } = await pool.query<{
      topic: string;
      key: string;
      headers: Record<string, string>;
      payload: string;
    }>(
      'select topic, partition_key as key, headers, payload::text as payload from outbox_messages order by seq',
    );
    const batches: ProducerBatch[] = [];
    for (let from = 0; from < rows.length; from += batchSize) {
      const byTopic = new Map<string, Message[]>();
      for (const row of rows.slice(from, from + batchSize)) {
        let messages = byTopic.get(row.topic);
        if (!messages) byTopic.set(row.topic, (messages = []));
        messages.push({ key: row.key, value: row.payload, headers: row.headers });
      }
      batches.push({
        acks: -1,
        timeout: 30_000,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
    return new RawProduceBaseline(brokers, batches, rows.length);
  }

  /** Connects a fresh producer, sends every batch, disconnects; returns the elapsed ms. */
  async run(): Promise<number> {
    const producer = new Kafka({
      clientId: 'relay-bench-raw',
      brokers: [...this.brokers],
      logLevel: logLevel.WARN,
    }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const started = performance.now();
    await producer.connect();
    try {
      for (const batch of this.batches) await producer.sendBatch(batch);
      return performance.now() - started;
    } finally {
      await producer.disconnect();
    }
  }
}

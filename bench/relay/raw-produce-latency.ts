import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { LatencyConsumer } from './latency-consumer.js';
import type { LatencyConsumerConfig } from './latency-consumer.worker.js';
import { summarizeLatency, type LatencySummary } from './latency-probe.js';
import { PacedWriters, type WriterLoad } from './paced-writers.js';

/** Options of {@link measureRawProduceLatency}. */
export interface RawProduceLatencyOptions {
  readonly topic: string;
  readonly consumer: LatencyConsumerConfig;
  readonly load: WriterLoad;
  readonly warmupMs: number;
  readonly graceMs: number;
}

/** The raw baseline's latency: send → consumer. */
export interface RawProduceLatencyResult extends LatencySummary {
  readonly load: WriterLoad;
  readonly achievedEventsPerSecond: number;
}

/**
 * The latency floor without an outbox: hand-written kafkajs sends each commit's messages (the
 * same count, key = an account id, an `event-id` header, a deposit-sized payload) in one
 * `sendBatch` (`acks: -1`) the moment the commit is due, paced like the writers, to the same
 * consumer thread and settings. Latency = consumer receive − `sendBatch` called, where the
 * relay's starts when the commit returned. What the relay adds above it is the outbox: NOTIFY,
 * claim, the pipeline, the mark, and sharing the machine with the writers and PostgreSQL.
 */
export async function measureRawProduceLatency(
  brokers: readonly string[],
  options: RawProduceLatencyOptions,
): Promise<RawProduceLatencyResult> {
  const consumer = await LatencyConsumer.start(options.consumer);
  const producer = new Kafka({
    clientId: 'relay-bench-raw-latency',
    brokers: [...brokers],
    logLevel: logLevel.WARN,
  }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  try {
    await producer.connect();
    const sends: Promise<unknown>[] = [];
    const writers = new PacedWriters(async (load) => {
      const key = uuidv7();
      const ids = Array.from({ length: PacedWriters.eventsPerCommit(load) }, () => uuidv7());
      const at = new Date().toISOString();
      // Not awaited: the clock of a commit stops when it is handed to kafkajs.
      sends.push(
        producer.sendBatch({
          acks: -1,
          topicMessages: [
            {
              topic: options.topic,
              messages: ids.map((id, index) => ({
                key,
                value: JSON.stringify({
                  amount: 100 + index,
                  currency: 'EUR',
                  reference: `${key}-${index}`,
                  at,
                }),
                headers: {
                  'event-id': id,
                  'event-type': 'bench.bank.money-deposited',
                  'tenant-id': 'tenant-bench',
                },
              })),
            },
          ],
        }),
      );
      return ids;
    });
    const committedAt = new Map<string, number>();
    const outcome = await writers.run(options.load, (ids, dueMs, at) => {
      if (dueMs < options.warmupMs) return;
      for (const id of ids) committedAt.set(id, at);
    });
    await Promise.all(sends);
    const summary = await summarizeLatency(committedAt, consumer, options.graceMs);
    return {
      load: options.load,
      achievedEventsPerSecond: (outcome.events * 1000) / outcome.elapsedMs,
      ...summary,
    };
  } finally {
    await producer.disconnect();
    await consumer.stop();
  }
}

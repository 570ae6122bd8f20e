import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';

/** What the latency probe starts the consumer with. */
export interface LatencyConsumerConfig {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly groupId: string;
  /** How long the broker may hold an empty fetch. */
  readonly maxWaitTimeInMs: number;
}

/** Messages from the consumer thread. */
export type LatencyConsumerReport =
  | { readonly type: 'ready' }
  /** Event ids (the `event-id` header) and when their batch reached the consumer, epoch ms. */
  | { readonly type: 'received'; readonly ids: string[]; readonly at: number[] }
  | { readonly type: 'stopped' };

/** Messages to the consumer thread. */
export type LatencyConsumerCommand = { readonly type: 'stop' };

// How often received ids go to the main thread; batching keeps messaging off the hot path.
const REPORT_INTERVAL_MS = 50;

/**
 * The downstream service of the latency measurement: a kafkajs consumer in a thread of its own,
 * as a consumer would be a process of its own, so that the writers and the relay on the main
 * thread do not delay its receive timestamps. Timestamps are `timeOrigin + now()`, epoch ms
 * with sub-millisecond resolution, comparable with the main thread's.
 */
async function main(): Promise<void> {
  const port = parentPort!;
  const config = workerData as LatencyConsumerConfig;
  const consumer = new Kafka({
    clientId: 'relay-bench-latency',
    brokers: [...config.brokers],
    logLevel: logLevel.WARN,
  }).consumer({ groupId: config.groupId, maxWaitTimeInMs: config.maxWaitTimeInMs });
  let ids: string[] = [];
  let at: number[] = [];
  const flush = () => {
    if (ids.length === 0) return;
    port.postMessage({ type: 'received', ids, at } satisfies LatencyConsumerReport);
    ids = [];
    at = [];
  };
  const timer = setInterval(flush, REPORT_INTERVAL_MS);
  port.on('message', (command: LatencyConsumerCommand) => {
    if (command.type !== 'stop') return;
    clearInterval(timer);
    void consumer.disconnect().then(() => {
      flush();
      port.postMessage({ type: 'stopped' } satisfies LatencyConsumerReport);
      port.close();
    });
  });
  consumer.on(consumer.events.GROUP_JOIN, () =>
    port.postMessage({ type: 'ready' } satisfies LatencyConsumerReport),
  );
  await consumer.connect();
  // Only what is published from now on: the topics already hold the throughput rounds.
  await consumer.subscribe({ topics: [...config.topics], fromBeginning: false });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const receivedAt = performance.timeOrigin + performance.now();
      for (const message of batch.messages) {
        const id = message.headers?.['event-id'];
        if (id === undefined) continue;
        ids.push(id.toString());
        at.push(receivedAt);
      }
    },
  });
}

await main();

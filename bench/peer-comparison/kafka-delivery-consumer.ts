import { Worker } from 'node:worker_threads';
import type { DeliveryLog } from './contender/delivery-log.js';
import type { DeliveryConsumerConfig, DeliveryConsumerReport } from './kafka-delivery-consumer.worker.js';

/** Settings of the consumer, recorded with the results. */
export const KAFKA_CONSUMER_SETTINGS = {
  /** Not the callers' and relay's thread, as a consuming service is not their process. */
  thread: 'worker thread of its own',
  groupId: 'bench-peer-consumer',
  /**
   * The mock cluster holds an empty fetch for the whole wait even when data arrives meanwhile (a
   * real broker answers at once), so a long wait would measure the mock, not the outbox: a few
   * milliseconds bounds that artefact (as in the relay benchmark).
   */
  maxWaitTimeInMs: 5,
  /**
   * kafkajs's default, as in the relay benchmark. With 4 (the partitions side by side) messages
   * waited ~500 ms in the mock broker before a fetch took them, against ~6 ms with 1 (producer
   * timestamp → batch received, quick mode, loaded development machine).
   */
  partitionsConsumedConcurrently: 1,
  fromBeginning: true,
} as const;

const GROUP_JOIN_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * The downstream side of the Kafka contender, seen from the contender's main thread: starts the
 * consumer thread (`kafka-delivery-consumer.worker.ts`) and enters the deliveries it reports,
 * with the times the thread took, into the `DeliveryLog` the workload waits on.
 */
export class KafkaDeliveryConsumer {
  private stopped: Promise<void> | undefined;

  private constructor(private readonly worker: Worker) {}

  /** Starts the thread and resolves once its consumer has joined the group. */
  static async start(brokers: readonly string[], deliveries: DeliveryLog): Promise<KafkaDeliveryConsumer> {
    const config: DeliveryConsumerConfig = {
      brokers,
      groupId: KAFKA_CONSUMER_SETTINGS.groupId,
      maxWaitTimeInMs: KAFKA_CONSUMER_SETTINGS.maxWaitTimeInMs,
      partitionsConsumedConcurrently: KAFKA_CONSUMER_SETTINGS.partitionsConsumedConcurrently,
      fromBeginning: KAFKA_CONSUMER_SETTINGS.fromBeginning,
    };
    const worker = new Worker(new URL('./kafka-delivery-consumer.worker.js', import.meta.url), {
      workerData: config,
    });
    worker.on('message', (report: DeliveryConsumerReport) => {
      if (report.type !== 'delivered') return;
      report.at.forEach((at, position) =>
        deliveries.record(report.rounds[position]!, report.indexes[position]!, at),
      );
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`The Kafka consumer did not join its group within ${GROUP_JOIN_TIMEOUT_MS} ms`)),
          GROUP_JOIN_TIMEOUT_MS,
        );
        worker.on('message', (report: DeliveryConsumerReport) => {
          if (report.type !== 'ready') return;
          clearTimeout(timer);
          resolve();
        });
        // Before it is ready an error fails the run; later ones show up as lost events.
        worker.on('error', (error: unknown) => {
          clearTimeout(timer);
          process.stderr.write(`The Kafka consumer thread failed: ${String(error)}\n`);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new KafkaDeliveryConsumer(worker);
  }

  /** Disconnects the consumer (leaving the group), takes its last deliveries and ends the thread. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate().then(() => resolve()), STOP_TIMEOUT_MS);
      this.worker.on('message', (report: DeliveryConsumerReport) => {
        if (report.type !== 'stopped') return;
        clearTimeout(timer);
        void this.worker.terminate().then(() => resolve());
      });
      this.worker.postMessage({ type: 'stop' });
    });
    return this.stopped;
  }
}

import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { EventTypeRegistry } from '@ddd-kit/core';
import { envelopeOfMessage } from '@ddd-kit/outbox';
import { BenchPeerOrderPlaced, BENCH_PEER_ORDERS_TOPIC } from './fixture/bench-peer-order.aggregate.js';
import type { OrderPlacedHandler } from './fixture/order-placed.handler.js';

/** Settings of the consumer, recorded with the results. */
export const KAFKA_CONSUMER_SETTINGS = {
  groupId: 'bench-peer-consumer',
  /**
   * The mock cluster holds an empty fetch for the whole wait even when data arrives meanwhile (a
   * real broker answers at once), so a long wait would measure the mock, not the outbox: a few
   * milliseconds bounds that artefact (as in the relay benchmark).
   */
  maxWaitTimeInMs: 5,
  /** One partition's batches one after another, the partitions side by side. */
  partitionsConsumedConcurrently: 4,
  fromBeginning: true,
} as const;

const GROUP_JOIN_TIMEOUT_MS = 30_000;

/**
 * The downstream side of the Kafka contender: a kafkajs consumer in the same process that turns
 * each message back into a typed event (`envelopeOfMessage` + `EventTypeRegistry`) and calls
 * the handler, as a consuming service would.
 */
export class KafkaDeliveryConsumer {
  private constructor(private readonly consumer: Consumer) {}

  /** Subscribes and resolves once the consumer has joined its group. */
  static async start(
    brokers: readonly string[],
    handler: OrderPlacedHandler,
  ): Promise<KafkaDeliveryConsumer> {
    const registry = new EventTypeRegistry([BenchPeerOrderPlaced]);
    const consumer = new Kafka({
      clientId: 'bench-peer-consumer',
      brokers: [...brokers],
      logLevel: logLevel.WARN,
    }).consumer({
      groupId: KAFKA_CONSUMER_SETTINGS.groupId,
      maxWaitTimeInMs: KAFKA_CONSUMER_SETTINGS.maxWaitTimeInMs,
    });
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('The Kafka consumer did not join its group')),
        GROUP_JOIN_TIMEOUT_MS,
      );
      consumer.on(consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [BENCH_PEER_ORDERS_TOPIC],
      fromBeginning: KAFKA_CONSUMER_SETTINGS.fromBeginning,
    });
    await consumer.run({
      partitionsConsumedConcurrently: KAFKA_CONSUMER_SETTINGS.partitionsConsumedConcurrently,
      // A batch per fetch, its messages handed to the handler one after another; kafkajs resolves
      // the offsets and commits once the batch is done.
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const envelope = envelopeOfMessage(message.headers ?? {}, message.value ?? '');
          await handler.handle(registry.deserialize<BenchPeerOrderPlaced>(envelope));
        }
      },
    });
    await joined;
    return new KafkaDeliveryConsumer(consumer);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

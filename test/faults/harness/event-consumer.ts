import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

/** The WMS topics, one per bounded context. */
export const WMS_TOPICS = ['wms.catalog', 'wms.inbound', 'wms.inventory', 'wms.outbound'] as const;

/** One message as the consumer saw it, in arrival order. */
export interface ConsumedEvent {
  readonly eventId: string;
  readonly aggregateId: string;
  readonly topic: string;
}

/** Reads every WMS topic from the beginning, as a downstream service would. */
export interface EventConsumer {
  readonly consumed: readonly ConsumedEvent[];
  /** Distinct event ids seen so far. */
  readonly distinct: ReadonlySet<string>;
  stop(): Promise<void>;
}

/** Joins a consumer group of its own (so a shared broker's other readers are not disturbed). */
export async function startEventConsumer(brokers: readonly string[]): Promise<EventConsumer> {
  const consumed: ConsumedEvent[] = [];
  const distinct = new Set<string>();
  const kafka = new Kafka({
    clientId: 'fault-suite-consumer',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    // Keep trying through a broker outage rather than giving up after a few seconds.
    retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
  const consumer: Consumer = kafka.consumer({
    groupId: `fault-suite-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 100,
    sessionTimeout: 30_000,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...WMS_TOPICS], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const eventId = message.headers?.['event-id']?.toString() ?? '';
      const aggregateId = message.headers?.['aggregate-id']?.toString() ?? message.key?.toString() ?? '';
      consumed.push({ eventId, aggregateId, topic });
      distinct.add(eventId);
    },
  });
  return {
    consumed,
    distinct,
    stop: () => consumer.disconnect(),
  };
}

import {
  Kafka,
  Partitioners,
  logLevel,
  type KafkaConfig,
  type Message,
  type Producer,
  type ICustomPartitioner,
} from 'kafkajs';
import { OutboxTransport, type DeliveryResult, type OutboxEnvelope } from './outbox-transport.js';

/** Options of {@link KafkaTransport}. */
export interface KafkaTransportOptions {
  /** Bootstrap brokers, e.g. `['localhost:9092']`. */
  readonly brokers: readonly string[];
  /** @default 'ddd-kit-outbox' */
  readonly clientId?: string;
  /**
   * Idempotent producer (exactly-once per partition on the broker side). Off by default because
   * some brokers (and librdkafka's mock cluster) refuse it; order is kept either way, since the
   * relay never has two batches of one aggregate in flight.
   * @default false
   */
  readonly idempotent?: boolean;
  /** Let the broker create unknown topics on first send. @default true */
  readonly allowAutoTopicCreation?: boolean;
  /** How long the broker may take to confirm a batch. @default 30000 */
  readonly ackTimeoutMs?: number;
  /** Extra kafkajs client settings (SSL, SASL, retry…). @default {} */
  readonly kafka?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
}

/**
 * Publishes outbox batches with kafkajs: one `sendBatch` per round, `acks: -1` (all in-sync
 * replicas), key = aggregate id. Each message's partition is taken from the partitioner and its
 * offset from the partition's base offset, so outbox rows record where their event landed.
 */
export class KafkaTransport extends OutboxTransport {
  private readonly producer: Producer;
  private readonly partitions = new WeakMap<Message, number>();

  constructor(private readonly options: KafkaTransportOptions) {
    super();
    const kafka = new Kafka({
      logLevel: logLevel.WARN,
      ...options.kafka,
      clientId: options.clientId ?? 'ddd-kit-outbox',
      brokers: [...options.brokers],
    });
    this.producer = kafka.producer({
      idempotent: options.idempotent ?? false,
      allowAutoTopicCreation: options.allowAutoTopicCreation ?? true,
      // Without idempotence, one request in flight keeps a retried batch from overtaking the next.
      maxInFlightRequests: options.idempotent ? 5 : 1,
      createPartitioner: this.recordingPartitioner(),
    });
  }

  override async connect(): Promise<void> {
    await this.producer.connect();
  }

  override async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  async publish(batch: readonly OutboxEnvelope[]): Promise<DeliveryResult[]> {
    const messages = batch.map((envelope) => ({ envelope, message: toMessage(envelope) }));
    const byTopic = new Map<string, Message[]>();
    for (const { envelope, message } of messages) {
      const topicMessages = byTopic.get(envelope.topic);
      if (topicMessages) topicMessages.push(message);
      else byTopic.set(envelope.topic, [message]);
    }
    try {
      const metadata = await this.producer.sendBatch({
        acks: -1,
        timeout: this.options.ackTimeoutMs ?? 30_000,
        topicMessages: [...byTopic].map(([topic, topicMessages]) => ({ topic, messages: topicMessages })),
      });
      const baseOffsets = new Map(
        metadata.map((m) => [`${m.topicName}:${m.partition}`, BigInt(m.baseOffset ?? '-1')]),
      );
      const nextIndex = new Map<string, bigint>();
      return messages.map(({ envelope, message }) => {
        const partition = this.partitions.get(message) ?? null;
        const slot = `${envelope.topic}:${partition}`;
        const base = baseOffsets.get(slot);
        const index = nextIndex.get(slot) ?? 0n;
        nextIndex.set(slot, index + 1n);
        const offset = base !== undefined && base >= 0n ? String(base + index) : null;
        return { ok: true as const, receipt: { partition, offset } };
      });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return batch.map(() => ({ ok: false as const, error: failure }));
    }
  }

  // kafkajs's default (murmur2, Java-compatible) partitioner, remembering each message's choice.
  private recordingPartitioner(): ICustomPartitioner {
    return () => {
      const partitioner = Partitioners.DefaultPartitioner();
      return (args) => {
        const partition = partitioner(args);
        this.partitions.set(args.message, partition);
        return partition;
      };
    };
  }
}

function toMessage(envelope: OutboxEnvelope): Message {
  return { key: envelope.key, value: envelope.payload, headers: { ...envelope.headers } };
}

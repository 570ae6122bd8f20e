import { Logger } from '@nestjs/common';
import type { KafkaConfig } from 'kafkajs';
import { KafkaBatchProducer, type KafkaProducerSettings } from './kafka-batch-producer.js';
import { WorkerKafkaProducer } from './kafka-producer-worker.js';
import {
  OutboxTransport,
  type DeliveryReceipt,
  type DeliveryResult,
  type OutboxEnvelope,
} from './outbox-transport.js';

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
  /**
   * Run the kafkajs producer in a worker thread, so that encoding batches (as much CPU as the rest
   * of the relay's work) does not hold up the relay's thread; see `WorkerKafkaProducer`. It can
   * only pay where the relay's host has a core to spare for it (PostgreSQL and Kafka elsewhere):
   * moving work between threads saves no CPU, and on bench:relay's 2 cores, shared with
   * PostgreSQL and the broker, it drained no faster (`bench/results/relay.md`). Settings a worker
   * cannot be given (functions in `kafka`: a `socketFactory`, an OAuth `sasl` provider, a
   * `logCreator`…) keep the producer on the relay's thread.
   * @default false
   */
  readonly sendInWorker?: boolean;
}

/** What {@link KafkaTransport} sends through: on this thread, or in a worker thread. */
interface BatchProducer {
  connect(): Promise<void>;
  send(batch: readonly OutboxEnvelope[]): Promise<DeliveryReceipt[]>;
  disconnect(): Promise<void>;
}

/**
 * Publishes outbox batches with kafkajs: one `sendBatch` per round, `acks: -1` (all in-sync
 * replicas), key = aggregate id. Each message's partition is taken from the partitioner and its
 * offset from the partition's base offset, so outbox rows record where their event landed. The
 * producer runs on the relay's thread, or with `sendInWorker: true` in a worker thread.
 */
export class KafkaTransport extends OutboxTransport {
  private readonly logger = new Logger(KafkaTransport.name);
  private readonly producer: BatchProducer;

  constructor(options: KafkaTransportOptions) {
    super();
    const settings: KafkaProducerSettings = {
      brokers: [...options.brokers],
      clientId: options.clientId ?? 'ddd-kit-outbox',
      idempotent: options.idempotent ?? false,
      allowAutoTopicCreation: options.allowAutoTopicCreation ?? true,
      ackTimeoutMs: options.ackTimeoutMs ?? 30_000,
      kafka: options.kafka ?? {},
    };
    const inWorker = (options.sendInWorker ?? false) && this.transferable(settings);
    this.producer = inWorker ? new WorkerKafkaProducer(settings) : new KafkaBatchProducer(settings);
  }

  /** Whether the producer runs in a worker thread. */
  get sendsInWorker(): boolean {
    return this.producer instanceof WorkerKafkaProducer;
  }

  override async connect(): Promise<void> {
    await this.producer.connect();
  }

  override async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  async publish(batch: readonly OutboxEnvelope[]): Promise<DeliveryResult[]> {
    try {
      const receipts = await this.producer.send(batch);
      return receipts.map((receipt) => ({ ok: true as const, receipt }));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return batch.map(() => ({ ok: false as const, error: failure }));
    }
  }

  // A worker gets its settings as a structured clone: functions do not cross.
  private transferable(settings: KafkaProducerSettings): boolean {
    try {
      structuredClone(settings);
      return true;
    } catch {
      this.logger.warn(
        'KafkaTransport: the kafka settings hold functions a worker thread cannot be given; ' +
          'the producer runs on the relay thread',
      );
      return false;
    }
  }
}

// Runs in two places: imported, it is `KafkaTransport`'s producer on the relay's thread; started
// as a worker thread (see `kafka-producer-worker.ts`), it serves the same producer to the relay
// from there. So this file imports nothing of the repository at run time (types only) and uses
// only erasable TypeScript: run from source (Jest), Node starts it as is, stripping the types.
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  Kafka,
  Partitioners,
  logLevel,
  type ICustomPartitioner,
  type KafkaConfig,
  type Message,
  type Producer,
  type TopicMessages,
} from 'kafkajs';
import type { DeliveryReceipt } from './outbox-transport.js';

/** What the producer is built from: plain data, so that it can be handed to a worker thread. */
export interface KafkaProducerSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly idempotent: boolean;
  readonly allowAutoTopicCreation: boolean;
  readonly ackTimeoutMs: number;
  readonly kafka: Omit<KafkaConfig, 'brokers' | 'clientId'>;
}

/** One message to produce. */
export interface ProducerRecord {
  readonly topic: string;
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: string;
}

/**
 * A batch on its way to the worker thread, column by column: arrays of strings are what the
 * structured clone copies fastest, and the headers stay the JSON text the outbox row stores
 * (parsing them is the worker's job).
 */
export interface RecordColumns {
  readonly topics: string[];
  readonly keys: string[];
  readonly headersJson: string[];
  readonly payloads: string[];
}

/** The relay's thread to the worker. */
export type ProducerWorkerCommand =
  | { readonly type: 'send'; readonly id: number; readonly batch: RecordColumns }
  | { readonly type: 'disconnect' }
  | { readonly type: 'connect' };

/** An error as it crosses threads. */
export interface ErrorReport {
  readonly name: string;
  readonly message: string;
}

/** The worker to the relay's thread. */
export type ProducerWorkerReport =
  | { readonly type: 'connected' }
  | { readonly type: 'connect-failed'; readonly error: ErrorReport }
  | {
      readonly type: 'sent';
      readonly id: number;
      readonly partitions: (number | null)[];
      readonly offsets: (string | null)[];
    }
  | { readonly type: 'send-failed'; readonly id: number; readonly error: ErrorReport }
  | { readonly type: 'disconnected' };

/** Marks the `workerData` of a producer worker, so no other worker thread runs `serve`. */
export const PRODUCER_WORKER_ROLE = 'ddd-kit:outbox-kafka-producer';

/** Where the worker thread starts: this very file. */
export const PRODUCER_WORKER_URL = new URL(import.meta.url);

/**
 * kafkajs's producer as the outbox uses it: one `sendBatch` per relay batch, `acks: -1` (all
 * in-sync replicas), key = aggregate id. Each message's partition is taken from the partitioner
 * and its offset from its partition's base offset, so outbox rows record where their event landed.
 */
export class KafkaBatchProducer {
  private readonly producer: Producer;
  private readonly ackTimeoutMs: number;
  private readonly partitions = new WeakMap<Message, number>();

  constructor(settings: KafkaProducerSettings) {
    this.ackTimeoutMs = settings.ackTimeoutMs;
    const kafka = new Kafka({
      logLevel: logLevel.WARN,
      ...settings.kafka,
      clientId: settings.clientId,
      brokers: [...settings.brokers],
    });
    this.producer = kafka.producer({
      idempotent: settings.idempotent,
      allowAutoTopicCreation: settings.allowAutoTopicCreation,
      // Without idempotence, one request in flight keeps a retried batch from overtaking the next.
      maxInFlightRequests: settings.idempotent ? 5 : 1,
      createPartitioner: this.recordingPartitioner(),
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Sends the records in one `sendBatch`; where each landed, in input order. Throws if it fails. */
  async send(records: readonly ProducerRecord[]): Promise<DeliveryReceipt[]> {
    const messages: Message[] = [];
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      // kafkajs only reads the headers: no copy needed.
      const message: Message = { key: record.key, value: record.payload, headers: record.headers };
      messages.push(message);
      const topicMessages = byTopic.get(record.topic);
      if (topicMessages) topicMessages.push(message);
      else byTopic.set(record.topic, [message]);
    }
    const topicMessages: TopicMessages[] = [];
    for (const [topic, forTopic] of byTopic) topicMessages.push({ topic, messages: forTopic });
    const metadata = await this.producer.sendBatch({ acks: -1, timeout: this.ackTimeoutMs, topicMessages });

    const baseOffsets = new Map<string, bigint>();
    for (const m of metadata) baseOffsets.set(`${m.topicName}:${m.partition}`, BigInt(m.baseOffset ?? '-1'));
    const nextIndex = new Map<string, bigint>();
    return records.map((record, index) => {
      const partition = this.partitions.get(messages[index]!) ?? null;
      const slot = `${record.topic}:${partition}`;
      const base = baseOffsets.get(slot);
      const position = nextIndex.get(slot) ?? 0n;
      nextIndex.set(slot, position + 1n);
      const offset = base !== undefined && base >= 0n ? String(base + position) : null;
      return { partition, offset };
    });
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

/**
 * The worker thread's side: connects, then sends each batch as it comes, one after the other (as
 * the in-thread producer would be asked), and answers with partitions and offsets or the error.
 * `disconnect` flushes and leaves the thread idle; `connect` connects again.
 */
function serve(port: MessagePort, settings: KafkaProducerSettings): void {
  const producer = new KafkaBatchProducer(settings);
  const connect = async () => {
    try {
      await producer.connect();
      port.postMessage({ type: 'connected' } satisfies ProducerWorkerReport);
    } catch (error) {
      port.postMessage({ type: 'connect-failed', error: reportOf(error) } satisfies ProducerWorkerReport);
    }
  };
  // Commands run in the order they came: a batch never overtakes the one before it.
  let queue = connect();
  port.on('message', (command: ProducerWorkerCommand) => {
    queue = queue.then(async () => {
      if (command.type === 'connect') return connect();
      if (command.type === 'disconnect') {
        await producer.disconnect().catch(() => undefined);
        port.postMessage({ type: 'disconnected' } satisfies ProducerWorkerReport);
        return;
      }
      try {
        const receipts = await producer.send(recordsOf(command.batch));
        port.postMessage({
          type: 'sent',
          id: command.id,
          partitions: receipts.map((receipt) => receipt.partition),
          offsets: receipts.map((receipt) => receipt.offset),
        } satisfies ProducerWorkerReport);
      } catch (error) {
        port.postMessage({
          type: 'send-failed',
          id: command.id,
          error: reportOf(error),
        } satisfies ProducerWorkerReport);
      }
    });
  });
}

function recordsOf({ topics, keys, headersJson, payloads }: RecordColumns): ProducerRecord[] {
  const records = new Array<ProducerRecord>(topics.length);
  for (let index = 0; index < topics.length; index++) {
    records[index] = {
      topic: topics[index]!,
      key: keys[index]!,
      headers: JSON.parse(headersJson[index]!) as Record<string, string>,
      payload: payloads[index]!,
    };
  }
  return records;
}

function reportOf(error: unknown): ErrorReport {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

/** What a producer worker is started with. */
export interface ProducerWorkerData {
  readonly role: typeof PRODUCER_WORKER_ROLE;
  readonly settings: KafkaProducerSettings;
}

const started = workerData as Partial<ProducerWorkerData> | null;
if (!isMainThread && parentPort && started?.role === PRODUCER_WORKER_ROLE && started.settings) {
  serve(parentPort, started.settings);
}

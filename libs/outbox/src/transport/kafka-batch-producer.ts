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
  type RecordMetadata,
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
      createPartitioner: recordingPartitioner,
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
    const messages = new Array<Message>(records.length);
    const byTopic = new Map<string, Message[]>();
    for (let index = 0; index < records.length; index++) {
      const { topic, key, payload, headers } = records[index]!;
      // kafkajs only reads the headers: no copy needed. `partition` is the partitioner's to fill.
      const message: Message = { key, value: payload, headers, partition: undefined };
      messages[index] = message;
      const topicMessages = byTopic.get(topic);
      if (topicMessages) topicMessages.push(message);
      else byTopic.set(topic, [message]);
    }
    const topicMessages: TopicMessages[] = [];
    for (const [topic, forTopic] of byTopic) topicMessages.push({ topic, messages: forTopic });
    const metadata = await this.producer.sendBatch({ acks: -1, timeout: this.ackTimeoutMs, topicMessages });
    return receiptsOf(records, messages, metadata);
  }
}

/**
 * Each message's partition (the partitioner wrote it on the message) and offset: its partition's
 * base offset plus its position among the batch's messages for that partition.
 */
export function receiptsOf(
  records: readonly ProducerRecord[],
  messages: readonly Message[],
  metadata: readonly RecordMetadata[],
): DeliveryReceipt[] {
  // Per topic, per partition: the next offset, or none when the broker did not say. Numbers
  // while every offset of the batch is exact as one (any real partition's), BigInt beyond.
  const next = new Map<string, (number | bigint | undefined)[]>();
  for (const { topicName, partition, baseOffset } of metadata) {
    let partitions = next.get(topicName);
    if (!partitions) next.set(topicName, (partitions = []));
    const base = BigInt(baseOffset ?? '-1');
    const exact = base + BigInt(records.length) <= BigInt(Number.MAX_SAFE_INTEGER);
    partitions[partition] = base < 0n ? undefined : exact ? Number(base) : base;
  }
  const receipts = new Array<DeliveryReceipt>(records.length);
  for (let index = 0; index < records.length; index++) {
    const partition = messages[index]!.partition ?? null;
    const partitions = partition === null ? undefined : next.get(records[index]!.topic);
    const offset = partitions?.[partition!];
    if (offset !== undefined) partitions![partition!] = typeof offset === 'number' ? offset + 1 : offset + 1n;
    receipts[index] = { partition, offset: offset === undefined ? null : String(offset) };
  }
  return receipts;
}

/**
 * kafkajs's default (murmur2, Java-compatible) partitioner, writing its choice on the message:
 * that is where the receipts read it, and a retry of the batch (which partitions again) keeps it.
 */
const recordingPartitioner: ICustomPartitioner = () => {
  const partitioner = Partitioners.DefaultPartitioner();
  return (args) => (args.message.partition = partitioner(args));
};

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

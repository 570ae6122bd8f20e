import { Worker } from 'node:worker_threads';
import {
  PRODUCER_WORKER_ROLE,
  PRODUCER_WORKER_URL,
  type ErrorReport,
  type KafkaProducerSettings,
  type ProducerWorkerCommand,
  type ProducerWorkerData,
  type ProducerWorkerReport,
  type RecordColumns,
} from './kafka-batch-producer.js';
import { headersJsonOf, type DeliveryReceipt, type OutboxEnvelope } from './outbox-transport.js';

interface PendingSend {
  readonly resolve: (receipts: DeliveryReceipt[]) => void;
  readonly reject: (error: Error) => void;
}

// How long a disconnecting worker may take to flush before it is ended anyway.
const DISCONNECT_TIMEOUT_MS = 10_000;
/**
 * How long a disconnected worker is kept for a `connect` (a relay stopped and started again):
 * a new thread loads kafkajs afresh and runs it cold, unoptimized, for its first batches.
 */
const IDLE_THREAD_MS = 60_000;

/**
 * `KafkaBatchProducer` in a worker thread of its own. kafkajs encodes a batch (records, varints,
 * headers, a JavaScript CRC32C) on the thread that sends it: about as much CPU as all the relay's
 * other work on a batch. On the relay's thread the claims and settlements wait for it; here it
 * runs on another core while the relay claims the next batch and settles the previous one. A
 * batch crosses as four arrays of strings (headers as the row's JSON text), and comes back as a
 * partition and offset per message.
 *
 * The guarantees are the in-thread producer's:
 * - batches reach kafkajs in the order `send` was called, one at a time (the worker queues them),
 *   with the same producer settings (`acks: -1`, one request in flight unless idempotent);
 * - a batch is confirmed only once kafkajs's `sendBatch` resolved in the worker; if it failed,
 *   `send` rejects with the same error name and message, and the relay fails the batch as before;
 * - if the thread dies (an uncaught error, out of memory, terminated), every batch it had not
 *   answered fails, so the relay retries its rows (some may have reached the broker: at least
 *   once, as after any lost answer); the next `send` starts a new thread;
 * - `disconnect` lets the worker answer every batch it was given, then disconnects kafkajs. The
 *   idle thread stays (not keeping the process alive) for a while, for the next `connect`.
 */
export class WorkerKafkaProducer {
  private worker: Worker | undefined;
  private connected = false;
  private connecting: Promise<Worker> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<number, PendingSend>();
  private nextId = 0;

  constructor(private readonly settings: KafkaProducerSettings) {}

  async connect(): Promise<void> {
    await this.ready();
  }

  /** Sends the batch from the worker; where each message landed, in input order. */
  async send(batch: readonly OutboxEnvelope[]): Promise<DeliveryReceipt[]> {
    const worker = await this.ready();
    const id = this.nextId++;
    const command: ProducerWorkerCommand = { type: 'send', id, batch: columnsOf(batch) };
    return new Promise<DeliveryReceipt[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(command);
    });
  }

  /** Answers every batch handed over, disconnects kafkajs (which flushes); the thread idles. */
  async disconnect(): Promise<void> {
    const worker = (await this.connecting?.catch(() => undefined)) ?? this.worker;
    if (!worker || !this.connected) return;
    this.connected = false;
    // Queued behind the batches already posted, so those are answered first.
    const disconnected = nextReport(worker, 'disconnected', DISCONNECT_TIMEOUT_MS);
    worker.postMessage({ type: 'disconnect' } satisfies ProducerWorkerCommand);
    await disconnected.catch(() => worker.terminate());
    if (this.worker !== worker) return;
    worker.unref();
    this.idleTimer = setTimeout(() => void this.end(worker), IDLE_THREAD_MS).unref();
  }

  /** The connected worker: the one there is, connected again if idle, or a new one. */
  private ready(): Promise<Worker> {
    if (this.worker && this.connected) return Promise.resolve(this.worker);
    this.connecting ??= this.connectWorker().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connectWorker(): Promise<Worker> {
    clearTimeout(this.idleTimer);
    const idle = this.worker;
    const worker = idle ?? this.spawn();
    worker.ref();
    // A new thread connects as it starts; an idle one is asked to.
    const connected = nextReport(worker, 'connected');
    if (idle) worker.postMessage({ type: 'connect' } satisfies ProducerWorkerCommand);
    try {
      await connected;
    } catch (error) {
      await this.end(worker);
      throw error;
    }
    this.connected = true;
    return worker;
  }

  private spawn(): Worker {
    const workerData: ProducerWorkerData = { role: PRODUCER_WORKER_ROLE, settings: this.settings };
    const worker = new Worker(PRODUCER_WORKER_URL, { workerData });
    worker.on('message', (report: ProducerWorkerReport) => this.answer(report));
    // An uncaught error is followed by `exit`, which fails what is pending.
    worker.on('error', () => undefined);
    worker.once('exit', (code) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.connected = false;
      }
      this.failPending(
        new Error(`The Kafka producer thread stopped (exit code ${code}) before the broker answered`),
      );
    });
    this.worker = worker;
    return worker;
  }

  private async end(worker: Worker): Promise<void> {
    if (this.worker === worker) {
      this.worker = undefined;
      this.connected = false;
    }
    await worker.terminate();
  }

  private answer(report: ProducerWorkerReport): void {
    if (report.type !== 'sent' && report.type !== 'send-failed') return;
    const pending = this.pending.get(report.id);
    this.pending.delete(report.id);
    if (report.type === 'send-failed') {
      pending?.reject(errorOf(report.error));
      return;
    }
    const { partitions, offsets } = report;
    const receipts = new Array<DeliveryReceipt>(partitions.length);
    for (let index = 0; index < partitions.length; index++) {
      receipts[index] = { partition: partitions[index] ?? null, offset: offsets[index] ?? null };
    }
    pending?.resolve(receipts);
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(error);
  }
}

/**
 * The worker's next report of `type` (`connect-failed` rejects, for `connected`); rejects if the
 * thread exits first or, with a timeout, when it runs out.
 */
function nextReport(worker: Worker, type: 'connected' | 'disconnected', timeoutMs?: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => settle(new Error(`No "${type}" from the Kafka producer thread`)), timeoutMs);
    const onMessage = (report: ProducerWorkerReport) => {
      if (report.type === type) settle();
      if (report.type === 'connect-failed' && type === 'connected') settle(errorOf(report.error));
    };
    const onExit = (code: number) =>
      settle(new Error(`The Kafka producer thread exited (code ${code}) before "${type}"`));
    // Only our listeners come off: the Worker watches its own listeners to keep its port referenced.
    function settle(error?: Error): void {
      clearTimeout(timer);
      worker.off('message', onMessage).off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    worker.on('message', onMessage).on('exit', onExit);
  });
}

function columnsOf(batch: readonly OutboxEnvelope[]): RecordColumns {
  const columns: RecordColumns = { topics: [], keys: [], headersJson: [], payloads: [] };
  for (const envelope of batch) {
    columns.topics.push(envelope.topic);
    columns.keys.push(envelope.key);
    columns.headersJson.push(headersJsonOf(envelope));
    columns.payloads.push(envelope.payload);
  }
  return columns;
}

function errorOf(report: ErrorReport): Error {
  const error = new Error(report.message);
  error.name = report.name;
  return error;
}

// reflect-metadata first: @ddd-kit/outbox's Nest decorators write metadata on import.
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';
import { EventTypeRegistry } from '@ddd-kit/core';
import { envelopeOfMessage } from '@ddd-kit/outbox';
import { now } from './contender/delivery-log.js';
import { BenchPeerOrderPlaced, BENCH_PEER_ORDERS_TOPIC } from './fixture/bench-peer-order-placed.event.js';

/** What the contender starts the consumer thread with. */
export interface DeliveryConsumerConfig {
  readonly brokers: readonly string[];
  readonly groupId: string;
  /** How long the broker may hold an empty fetch. */
  readonly maxWaitTimeInMs: number;
  readonly partitionsConsumedConcurrently: number;
  readonly fromBeginning: boolean;
}

/** Messages from the consumer thread. */
export type DeliveryConsumerReport =
  | { readonly type: 'ready' }
  /** Deliveries since the last report: the event's round and index, and when the handler saw it. */
  | {
      readonly type: 'delivered';
      readonly rounds: number[];
      readonly indexes: number[];
      readonly at: number[];
    }
  | { readonly type: 'stopped' };

/** Messages to the consumer thread. */
export type DeliveryConsumerCommand = { readonly type: 'stop' };

// How often deliveries go to the main thread. The times are taken here, so the interval only
// delays when the main thread learns of them (its wait for the last one), not the latencies.
const REPORT_INTERVAL_MS = 20;

/**
 * The downstream service of the Kafka contender: a kafkajs consumer in a thread of its own, as a
 * consuming service would be a process of its own, so that the 32 callers and the relay on the
 * main thread do not hold up its fetches and its handler. It turns each message back into a
 * typed event (`envelopeOfMessage` + `EventTypeRegistry`) and hands it to the handler, which
 * notes the time: `timeOrigin + now()`, epoch ms comparable with the main thread's commit times.
 */
async function main(): Promise<void> {
  const port = parentPort!;
  const config = workerData as DeliveryConsumerConfig;
  const registry = new EventTypeRegistry([BenchPeerOrderPlaced]);
  let pending: Extract<DeliveryConsumerReport, { type: 'delivered' }> = empty();
  const handle = (event: BenchPeerOrderPlaced): void => {
    pending.rounds.push(event.data.round);
    pending.indexes.push(event.data.index);
    pending.at.push(now());
  };
  const flush = () => {
    if (pending.at.length === 0) return;
    port.postMessage(pending);
    pending = empty();
  };
  const timer = setInterval(flush, REPORT_INTERVAL_MS);

  const consumer = new Kafka({
    clientId: 'bench-peer-consumer',
    brokers: [...config.brokers],
    logLevel: logLevel.WARN,
  }).consumer({ groupId: config.groupId, maxWaitTimeInMs: config.maxWaitTimeInMs });
  port.on('message', (command: DeliveryConsumerCommand) => {
    if (command.type !== 'stop') return;
    clearInterval(timer);
    void consumer.disconnect().then(() => {
      flush();
      port.postMessage({ type: 'stopped' } satisfies DeliveryConsumerReport);
      port.close();
    });
  });
  consumer.on(consumer.events.GROUP_JOIN, () =>
    port.postMessage({ type: 'ready' } satisfies DeliveryConsumerReport),
  );
  await consumer.connect();
  await consumer.subscribe({ topics: [BENCH_PEER_ORDERS_TOPIC], fromBeginning: config.fromBeginning });
  await consumer.run({
    partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
    // A batch per fetch, its messages handed to the handler one after another; kafkajs resolves
    // the offsets and commits once the batch is done.
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages)
        handle(
          registry.deserialize<BenchPeerOrderPlaced>(
            envelopeOfMessage(message.headers ?? {}, message.value ?? ''),
          ),
        );
    },
  });
}

function empty(): Extract<DeliveryConsumerReport, { type: 'delivered' }> {
  return { type: 'delivered', rounds: [], indexes: [], at: [] };
}

await main();

import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type KafkaMessage,
} from 'kafkajs';
import { envelopeOfMessage } from '@ddd-kit/outbox';
import type { ProjectorDefinition } from '../discovery/projector-definition.js';
import { RESOLVED_PROJECTOR_OPTIONS } from '../projector.module-definition.js';
import type { KafkaSourceOptions, ResolvedProjectorOptions } from '../projector.options.js';
import type { Position } from '../runtime/position.js';
import { ProjectionApplier } from '../runtime/projection-applier.js';
import type { SourcedEvent } from '../runtime/sourced-event.js';
import { OutboxHistory } from './outbox-history.js';
import { ProjectionSource, type HistoryRange, type ProjectorLag } from './projection-source.js';

/**
 * Feeds projectors from Kafka: one consumer group per projector, a batch at a time. The
 * checkpoint that counts is the one the applier commits with the read model, per partition;
 * Kafka's group offset is committed after it, only to spare replays, and whatever Kafka hands
 * over again is skipped by position or event id.
 */
@Injectable()
export class KafkaProjectionSource extends ProjectionSource {
  readonly kind = 'kafka' as const;
  private readonly logger = new Logger(KafkaProjectionSource.name);
  private readonly kafka: Kafka;
  private readonly consumers = new Map<string, Consumer>();
  // Set by stop(): a consumer that crashed (a broker away) must not restart behind its back.
  private stopped = false;
  private admin: Admin | undefined;

  constructor(
    private readonly applier: ProjectionApplier,
    private readonly outbox: OutboxHistory,
    @Inject(RESOLVED_PROJECTOR_OPTIONS) private readonly options: ResolvedProjectorOptions,
  ) {
    super();
    this.kafka = new Kafka({
      logLevel: logLevel.WARN,
      ...this.kafkaOptions.kafka,
      clientId: this.kafkaOptions.clientId ?? 'ddd-kit-projector',
      brokers: [...this.kafkaOptions.brokers],
    });
  }

  private get kafkaOptions(): KafkaSourceOptions {
    const { source } = this.options;
    if (source === 'outbox') throw new TypeError('KafkaProjectionSource needs `source: { kafka }`');
    return source.kafka;
  }

  /** The topics a projector consumes. */
  topicsOf(projector: ProjectorDefinition): string[] {
    const topics = projector.options.topics ?? projector.declaredTopics();
    return topics.length > 0 ? [...topics] : [...(this.kafkaOptions.topics ?? [])];
  }

  async start(projectors: readonly ProjectorDefinition[]): Promise<void> {
    this.stopped = false;
    for (const projector of projectors) {
      const topics = this.topicsOf(projector);
      if (topics.length === 0) {
        this.logger.warn({ msg: 'Projector has no Kafka topics; not started', projector: projector.name });
        continue;
      }
      const consumer = this.kafka.consumer({
        maxWaitTimeInMs: 100,
        ...this.kafkaOptions.consumer,
        groupId: `${this.kafkaOptions.groupIdPrefix ?? 'projector.'}${projector.name}`,
        retry: { ...this.kafkaOptions.consumer?.retry, restartOnFailure: (error) => this.mayRestart(error) },
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: (payload) => this.consume(projector, payload),
        });
      } catch (error) {
        // Not in `consumers` yet, so stop() would not see it.
        await consumer.disconnect().catch(() => undefined);
        throw error;
      }
      this.consumers.set(projector.name, consumer);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // kafkajs's disconnect waits for the running eachBatch to finish.
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.disconnect()));
    this.consumers.clear();
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  /**
   * kafkajs restarts a consumer that crashed on a retriable error (a broker away) on a timer of
   * its own, and a `disconnect()` that lands while the crash is being handled does not cancel it
   * (its `onCrash` asks `restartOnFailure` after its own disconnect). Once in CI such a consumer
   * came back after the WMS app had closed, and kept Jest alive reconnecting to a broker long
   * gone; a test that stops during a crash did not reproduce the timing. Once stopped, it stays
   * stopped.
   */
  private async mayRestart(error: Error): Promise<boolean> {
    if (this.stopped) return false;
    return (await this.kafkaOptions.consumer?.retry?.restartOnFailure?.(error)) ?? true;
  }

  isRunning(projector: string): boolean {
    return this.consumers.has(projector);
  }

  async lag(
    projector: ProjectorDefinition,
    checkpoints: ReadonlyMap<string, Position>,
  ): Promise<ProjectorLag> {
    let events = 0;
    for (const [partition, high] of await this.highWatermarks(projector)) {
      const next = (checkpoints.get(partition)?.[0] ?? -1n) + 1n;
      if (high > next) events += Number(high - next);
    }
    return { events, seconds: 0 };
  }

  async head(projector: ProjectorDefinition): Promise<Map<string, Position>> {
    const head = new Map<string, Position>();
    for (const [partition, high] of await this.highWatermarks(projector)) {
      if (high > 0n) head.set(partition, [high - 1n]);
    }
    return head;
  }

  /**
   * Passed when every row of the transaction on the projector's topics is published and the
   * projector's checkpoint of that partition has reached the row's offset.
   */
  async hasPassed(
    projector: ProjectorDefinition,
    txId: string,
    checkpoints: ReadonlyMap<string, Position>,
  ): Promise<boolean> {
    const { rows } = await (
      await this.outbox.pool()
    ).query<{ topic: string; kafka_partition: number | null; kafka_offset: string | null }>(
      `select topic, kafka_partition, kafka_offset::text as kafka_offset
         from outbox_messages
        where tx_id = $1::text::xid8 and event_type = any($2::text[]) and topic = any($3::text[])`,
      [txId, projector.eventTypes(), this.topicsOf(projector)],
    );
    return rows.every((row) => {
      if (row.kafka_partition === null || row.kafka_offset === null) return false;
      const checkpoint = checkpoints.get(`${row.topic}:${row.kafka_partition}`)?.[0];
      return checkpoint !== undefined && checkpoint >= BigInt(row.kafka_offset);
    });
  }

  // Offsets count every message; a tenant's share cannot be told without reading them.
  async size(_projector: ProjectorDefinition, range: HistoryRange): Promise<number> {
    let events = 0;
    for (const [partition, [upTo = -1n]] of range.upTo) {
      const after = range.after?.get(partition)?.[0] ?? -1n;
      if (upTo > after) events += Number(upTo - after);
    }
    return events;
  }

  async *history(
    projector: ProjectorDefinition,
    range: HistoryRange,
    batchSize: number,
  ): AsyncIterable<SourcedEvent[]> {
    // A throwaway group reads from the earliest offsets; it never commits.
    const consumer = this.kafka.consumer({
      maxWaitTimeInMs: 100,
      ...this.kafkaOptions.consumer,
      groupId: `${this.kafkaOptions.groupIdPrefix ?? 'projector.'}${projector.name}.rebuild.${Date.now()}`,
    });
    const buffered: SourcedEvent[] = [];
    const remaining = new Map(range.upTo);
    let wake: (() => void) | undefined;
    let closing = false;
    const notify = (): void => wake?.();
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: this.topicsOf(projector), fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const partition = `${batch.topic}:${batch.partition}`;
          const upTo = range.upTo.get(partition)?.[0];
          const after = range.after?.get(partition)?.[0] ?? -1n;
          for (const message of batch.messages) {
            const offset = BigInt(message.offset);
            if (upTo === undefined || offset > upTo) break;
            if (offset > after) {
              const event = this.toSourcedEvent(partition, message);
              if (event && (!range.tenantId || event.envelope.metadata.tenantId === range.tenantId))
                buffered.push(event);
            }
            if (offset >= upTo) remaining.delete(partition);
          }
          notify();
          // Back-pressure: let the rebuild drain before fetching more.
          while (!closing && buffered.length >= batchSize * 4)
            await new Promise<void>((resolve) => (wake = resolve));
        },
      });
      while (remaining.size > 0 || buffered.length > 0) {
        if (buffered.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 200);
          });
          continue;
        }
        const chunk = takeBatch(buffered, batchSize);
        notify();
        yield chunk;
      }
    } finally {
      // The replay stopped (done, or failed): release a batch waiting for room, since kafkajs's
      // disconnect waits for the running batch, and would wait forever.
      closing = true;
      notify();
      await consumer.disconnect();
    }
  }

  private async consume(projector: ProjectorDefinition, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const partition = `${batch.topic}:${batch.partition}`;
    for (let start = 0; start < batch.messages.length; start += this.options.batchSize) {
      if (!payload.isRunning() || payload.isStale()) return;
      const messages = batch.messages.slice(start, start + this.options.batchSize);
      const events = messages
        .map((message) => this.toSourcedEvent(partition, message))
        .filter((event): event is SourcedEvent => event !== undefined);
      await this.applier.apply(projector, events);
      const last = BigInt(messages.at(-1)!.offset);
      // Messages that are not events end the chunk: the checkpoint still moves past them, or
      // the partition would show lag forever.
      if (events.at(-1)?.position[0] !== last) await this.applier.advance(projector, partition, [last]);
      payload.resolveOffset(String(last));
      // Explicitly: with autoCommit off, kafkajs's commitOffsetsIfNecessary() alone never commits,
      // and every restart would replay the whole topic.
      await payload.commitOffsetsIfNecessary({
        topics: [
          { topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(last + 1n) }] },
        ],
      });
      await payload.heartbeat();
    }
  }

  // A message without outbox headers is not an event: it is logged and skipped, never retried.
  private toSourcedEvent(partition: string, message: KafkaMessage): SourcedEvent | undefined {
    try {
      return {
        envelope: envelopeOfMessage(message.headers ?? {}, message.value ?? ''),
        partition,
        position: [BigInt(message.offset)],
      };
    } catch (error) {
      this.logger.error({
        msg: 'Kafka message is not an outbox event; skipped',
        partition,
        offset: message.offset,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }

  private async highWatermarks(projector: ProjectorDefinition): Promise<Map<string, bigint>> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const result = new Map<string, bigint>();
    for (const topic of this.topicsOf(projector)) {
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic))
        result.set(`${topic}:${partition}`, BigInt(high));
    }
    return result;
  }
}

// The applier takes one partition's events at a time, in order: a batch of the first buffered
// event's partition, the others left in place.
function takeBatch(buffered: SourcedEvent[], size: number): SourcedEvent[] {
  const partition = buffered[0]?.partition;
  const batch: SourcedEvent[] = [];
  const rest: SourcedEvent[] = [];
  for (const event of buffered)
    (event.partition === partition && batch.length < size ? batch : rest).push(event);
  buffered.splice(0, buffered.length, ...rest);
  return batch;
}

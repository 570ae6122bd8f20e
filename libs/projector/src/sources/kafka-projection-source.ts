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
    for (const projector of projectors) {
      const topics = this.topicsOf(projector);
      if (topics.length === 0) {
        this.logger.warn({ msg: 'Projector has no Kafka topics; not started', projector: projector.name });
        continue;
      }
      const consumer = this.kafka.consumer({
        groupId: `${this.kafkaOptions.groupIdPrefix ?? 'projector.'}${projector.name}`,
        maxWaitTimeInMs: 100,
      });
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.consume(projector, payload),
      });
      this.consumers.set(projector.name, consumer);
    }
  }

  async stop(): Promise<void> {
    // kafkajs's disconnect waits for the running eachBatch to finish.
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.disconnect()));
    this.consumers.clear();
    await this.admin?.disconnect();
    this.admin = undefined;
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

  async *history(
    projector: ProjectorDefinition,
    range: HistoryRange,
    batchSize: number,
  ): AsyncIterable<SourcedEvent[]> {
    // A throwaway group reads from the earliest offsets; it never commits.
    const consumer = this.kafka.consumer({
      groupId: `${this.kafkaOptions.groupIdPrefix ?? 'projector.'}${projector.name}.rebuild.${Date.now()}`,
      maxWaitTimeInMs: 100,
    });
    const buffered: SourcedEvent[] = [];
    const remaining = new Map(range.upTo);
    let wake: (() => void) | undefined;
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
          while (buffered.length >= batchSize * 4) await new Promise<void>((resolve) => (wake = resolve));
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
        const chunk = buffered.splice(0, batchSize);
        notify();
        yield chunk;
      }
    } finally {
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
      payload.resolveOffset(messages.at(-1)!.offset);
      await payload.commitOffsetsIfNecessary();
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

import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Where an outbox row is in its life. */
export enum OutboxStatus {
  /** Committed, waiting to be published (or retried). */
  Pending = 'pending',
  /** Confirmed by the broker. */
  Published = 'published',
  /** Gave up after `maxAttempts`; parks its aggregate's lane until replayed or purged. */
  Dead = 'dead',
}

/**
 * One domain event waiting for (or done with) the relay, written in the same transaction as the
 * business change that caused it. The schema (with its partial indexes) is created by
 * `OutboxMigration`; this mapping is for reads and writes.
 */
@Entity({ tableName: 'outbox_messages' })
export class OutboxMessage {
  /** The event id (UUIDv7). Consumers deduplicate on it. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /**
   * Insert order, assigned by the database. Per-aggregate order follows it: a later unit of work
   * on the same aggregate inserts after the earlier one committed, whatever the clocks say.
   */
  @Property({ type: new BigIntType('string'), autoincrement: true, persist: false })
  seq!: string;

  @Property({ type: 'string', nullable: true })
  tenantId!: string | null;

  @Property({ type: 'string' })
  aggregateType!: string;

  @Property({ type: 'string' })
  aggregateId!: string;

  @Property({ type: 'string' })
  eventType!: string;

  @Property({ type: 'integer' })
  eventVersion!: number;

  /** The event's data (jsonb). */
  @Property({ type: 'json' })
  payload!: unknown;

  /** Message headers (event id, type, version, tenant, correlation…). */
  @Property({ type: 'json' })
  headers!: Record<string, string>;

  @Property({ type: 'string' })
  topic!: string;

  @Property({ type: 'string' })
  partitionKey!: string;

  @Enum({ items: () => OutboxStatus, nativeEnumName: undefined })
  status: OutboxStatus = OutboxStatus.Pending;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Property({ type: 'datetime', defaultRaw: 'now()', persist: false })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  kafkaPartition: number | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  kafkaOffset: string | null = null;

  /** The relay instance holding the row's lease while it sends it. */
  @Property({ type: 'string', nullable: true })
  lockedBy: string | null = null;

  /** When the lease runs out; an expired lease (a crashed relay) makes the row claimable again. */
  @Property({ type: 'datetime', nullable: true })
  lockedUntil: Date | null = null;
}

import { v7 as uuidv7 } from 'uuid';
import { EVENT_METADATA_KEYS, type EventMetadata } from './event-metadata.js';
import { eventTypeOf } from './event-type.decorator.js';
import { deepFreeze } from './deep-freeze.js';

/** The serialized form of a domain event: what outbox rows, Kafka messages and the inbox carry. */
export interface EventEnvelope<TData = unknown> {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  /** ISO-8601 timestamp. */
  readonly occurredAt: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly metadata: EventMetadata;
  readonly data: TData;
}

/** Options for raising an event; all are usually left to their defaults. */
export interface DomainEventOptions {
  /**
   * Metadata known at the time the event is raised. The unit of work fills the remaining keys
   * from the current context when it collects the event.
   * @default {}
   */
  readonly metadata?: EventMetadata;
  /**
   * When the fact happened.
   * @default new Date()
   */
  readonly occurredAt?: Date;
}

type EventFields = Pick<
  DomainEvent,
  'eventId' | 'occurredAt' | 'aggregateType' | 'aggregateId' | 'metadata' | 'data'
>;

/**
 * Base class of domain events: an immutable fact with a stable type (see {@link EventType}).
 *
 * Each instance gets its own UUIDv7 `eventId` and `occurredAt`, created per instance and never
 * shared through a default evaluated once. `aggregateType` and `aggregateId` are empty until an
 * aggregate records the event; `metadata` is completed by the unit of work. Both happen through
 * copies, so an event never changes after it was created.
 *
 * Subclasses carry their payload in `data` and declare no fields of their own.
 */
export abstract class DomainEvent<TData extends object = object> {
  /** UUIDv7, unique per event; consumers deduplicate on it. */
  readonly eventId: string;
  /** When the fact happened. */
  readonly occurredAt: Date;
  /** Stable type name of the aggregate that recorded the event; `''` until recorded. */
  readonly aggregateType: string;
  /** Id of the aggregate that recorded the event; `''` until recorded. */
  readonly aggregateId: string;
  /** Tenant, actor, correlation, causation and trace context. */
  readonly metadata: Readonly<EventMetadata>;
  /** The event's payload. Keep it JSON-friendly: it is serialized as JSON. */
  readonly data: Readonly<TData>;

  constructor(data: TData, options: DomainEventOptions = {}) {
    this.eventId = uuidv7();
    this.occurredAt = options.occurredAt ? new Date(options.occurredAt) : new Date();
    this.aggregateType = '';
    this.aggregateId = '';
    this.metadata = compact(options.metadata ?? {});
    this.data = deepFreeze(data);
    Object.freeze(this);
  }

  /** Stable type string declared with {@link EventType}. */
  get type(): string {
    return eventTypeOf(this.constructor).type;
  }

  /** Schema version declared with {@link EventType}. */
  get version(): number {
    return eventTypeOf(this.constructor).version;
  }

  /** Whether an aggregate has recorded this event. */
  get isRecorded(): boolean {
    return this.aggregateId !== '';
  }

  /**
   * A copy bound to the aggregate that records it, with missing metadata keys filled from
   * `metadataDefaults` (keys already set win). One copy, since the unit of work does both.
   */
  recordedBy(aggregateType: string, aggregateId: string, metadataDefaults?: EventMetadata): this {
    const metadata = metadataDefaults ? compact({ ...metadataDefaults, ...this.metadata }) : this.metadata;
    return copyEvent(this, { aggregateType, aggregateId, metadata });
  }

  /** A copy whose missing metadata keys are filled from `defaults`; keys already set win. */
  withMetadataDefaults(defaults: EventMetadata): this {
    return copyEvent(this, { metadata: compact({ ...defaults, ...this.metadata }) });
  }

  /** The serialized form. */
  toEnvelope(): EventEnvelope<TData> {
    return {
      eventId: this.eventId,
      type: this.type,
      version: this.version,
      occurredAt: this.occurredAt.toISOString(),
      aggregateType: this.aggregateType,
      aggregateId: this.aggregateId,
      metadata: { ...this.metadata },
      data: this.data,
    };
  }

  toJSON(): EventEnvelope<TData> {
    return this.toEnvelope();
  }
}

/**
 * Rebuilds an event of a known class from its envelope without running its constructor, so the
 * original `eventId` and `occurredAt` are kept.
 */
export function restoreEvent<E extends DomainEvent>(
  eventClass: abstract new (...args: never[]) => E,
  envelope: EventEnvelope,
): E {
  const event = Object.create(eventClass.prototype as object) as E;
  const fields: EventFields = {
    eventId: envelope.eventId,
    occurredAt: new Date(envelope.occurredAt),
    aggregateType: envelope.aggregateType,
    aggregateId: envelope.aggregateId,
    metadata: compact(envelope.metadata),
    data: deepFreeze(envelope.data as object),
  };
  return Object.freeze(Object.assign(event, fields));
}

function copyEvent<E extends DomainEvent>(event: E, patch: Partial<EventFields>): E {
  const copy = Object.create(Object.getPrototypeOf(event) as object) as E;
  return Object.freeze(Object.assign(copy, event, patch));
}

/** Keeps only the known metadata keys that have a value, frozen. */
function compact(metadata: EventMetadata): Readonly<EventMetadata> {
  const result: Record<string, string> = {};
  for (const key of EVENT_METADATA_KEYS) {
    const value = metadata[key];
    if (value !== undefined && value !== null && value !== '') result[key] = value;
  }
  return Object.freeze(result);
}

import { findEventType, type DomainEvent, type EventMetadata } from '@ddd-kit/core';

/** How events find their topic. */
export interface OutboxRoutingOptions {
  /**
   * Prefix of topics derived from the aggregate type.
   * @default ''
   */
  readonly topicPrefix?: string;
  /**
   * Topic per event type string; wins over a topic declared with `@EventType({ topic })`.
   * @default {}
   */
  readonly topics?: Readonly<Record<string, string>>;
}

/** The wire form of one event: where it goes and what it carries. */
export interface OutboundMessage {
  readonly topic: string;
  /** Partition key: the aggregate id, so one aggregate's events keep their order. */
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Resolves topic, key and headers of an event. Topic: module option, else the event's declared
 * topic, else `<topicPrefix><aggregateType>`.
 */
export function routeEvent(event: DomainEvent, options: OutboxRoutingOptions = {}): OutboundMessage {
  const topic =
    options.topics?.[event.type] ??
    findEventType(event.constructor)?.topic ??
    `${options.topicPrefix ?? ''}${event.aggregateType}`;
  return { topic, key: event.aggregateId, headers: eventHeaders(event) };
}

/** Kafka headers of an event; absent metadata is left out rather than sent empty. */
export function eventHeaders(event: DomainEvent): Record<string, string> {
  const headers: Record<string, string> = {
    'event-id': event.eventId,
    'event-type': event.type,
    'event-version': String(event.version),
    'aggregate-type': event.aggregateType,
    'aggregate-id': event.aggregateId,
    'occurred-at': event.occurredAt.toISOString(),
    'content-type': 'application/json',
  };
  for (const [key, header] of METADATA_HEADERS) {
    const value = event.metadata[key];
    if (value) headers[header] = value;
  }
  return headers;
}

/** Event metadata keys and the Kafka headers that carry them. */
export const METADATA_HEADERS = [
  ['tenantId', 'tenant-id'],
  ['actorId', 'actor-id'],
  ['correlationId', 'correlation-id'],
  ['causationId', 'causation-id'],
  ['traceparent', 'traceparent'],
] as const satisfies readonly (readonly [keyof EventMetadata, string])[];

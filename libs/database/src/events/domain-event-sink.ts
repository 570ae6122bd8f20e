import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { DomainEvent } from '@ddd-kit/core';

/**
 * An extension point that receives the domain events of a flush inside that flush's transaction.
 * The outbox sink persists one row per event here; whatever a sink persists with `em` commits or
 * rolls back together with the business change.
 */
export interface DomainEventSink {
  /**
   * Receives the events collected by one flush, stamped with metadata, in the order they were
   * recorded. Persist with `em.persist(...)`; do not flush, the running flush does it.
   */
  write(events: readonly DomainEvent[], em: EntityManager): void | Promise<void>;
}

/** Metadata key that marks a provider as an event sink. */
export const DOMAIN_EVENT_SINK_METADATA = Symbol('ddd-kit:domain-event-sink');

/** Options of {@link EventSink}. */
export interface EventSinkOptions {
  /** Sinks run in ascending order. @default 0 */
  readonly order?: number;
}

/**
 * Marks a provider implementing {@link DomainEventSink}; the database module discovers it at
 * bootstrap, so a library adds its sink just by providing it.
 */
export function EventSink(options: EventSinkOptions = {}): ClassDecorator {
  return SetMetadata(DOMAIN_EVENT_SINK_METADATA, { order: options.order ?? 0 });
}

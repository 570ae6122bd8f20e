import type { DomainEvent } from '../events/domain-event.js';
import { aggregateTypeOf } from './aggregate.decorator.js';
import { Entity } from './entity.js';

/**
 * The pending-event buffer lives behind a symbol and is created on first use. ORMs hydrate
 * entities without running their constructor (MikroORM does), so a class-field buffer would be
 * undefined on loaded aggregates; a symbol key also keeps it out of change tracking and JSON.
 */
const PENDING_EVENTS = Symbol('ddd-kit:pending-events');

type WithBuffer = { [PENDING_EVENTS]?: DomainEvent[] };

/**
 * The consistency boundary of the domain. Behaviour methods check invariants and `record` the
 * events that describe what happened; the unit of work collects them at flush, exactly once.
 * Declare the aggregate's stable type with {@link Aggregate}.
 */
export abstract class AggregateRoot<TId = string> extends Entity<TId> {
  /** Records an event for publication when the unit of work commits. */
  protected record(event: DomainEvent): void {
    const self = this as WithBuffer;
    let buffer = self[PENDING_EVENTS];
    if (!buffer) {
      buffer = [];
      Object.defineProperty(this, PENDING_EVENTS, { value: buffer, enumerable: false, writable: false });
    }
    buffer.push(event);
  }

  /** Events recorded and not yet collected, in order. Does not remove them. */
  get pendingEvents(): readonly DomainEvent[] {
    return [...((this as WithBuffer)[PENDING_EVENTS] ?? [])];
  }

  /** Whether events are waiting to be collected. */
  get hasPendingEvents(): boolean {
    return ((this as WithBuffer)[PENDING_EVENTS]?.length ?? 0) > 0;
  }

  /**
   * Gives up the pending events exactly once: the buffer is emptied, so a second call returns
   * nothing. Each event comes back bound to this aggregate's type and id. Infrastructure calls
   * this (the unit of work, test helpers); domain code never needs to.
   */
  pullPendingEvents(): DomainEvent[] {
    const buffer = (this as WithBuffer)[PENDING_EVENTS];
    if (!buffer || buffer.length === 0) return [];
    // Resolve the binding before emptying the buffer, so a misconfigured aggregate loses no events.
    const type = aggregateTypeOf(this.constructor);
    const id = String(this.id);
    const events = buffer.splice(0, buffer.length);
    return events.map((event) => (event.isRecorded ? event : event.recordedBy(type, id)));
  }
}

/** Whether a value is an aggregate root (works across hydration and subclassing). */
export function isAggregateRoot(value: unknown): value is AggregateRoot<unknown> {
  return value instanceof AggregateRoot;
}

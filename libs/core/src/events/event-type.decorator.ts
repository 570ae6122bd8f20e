import type { DomainEvent } from './domain-event.js';

/** A domain event's stable identity on the wire: type string plus schema version. */
export interface EventTypeInfo {
  /** Stable, dotted type string, e.g. `wms.inventory.stock-received`. */
  readonly type: string;
  /** Schema version of the event data. Bump it when the shape of `data` changes. */
  readonly version: number;
  /** The message-broker topic this event goes to, when the event declares one. */
  readonly topic?: string;
}

/** Options of {@link EventType}. */
export interface EventTypeOptions {
  /**
   * Schema version of the event data.
   * @default 1
   */
  readonly version?: number;
  /**
   * The message-broker topic this event goes to. Plain metadata: the outbox reads it, the domain
   * does not depend on any broker.
   * @default derived by the outbox from the aggregate type
   */
  readonly topic?: string;
}

/** Any concrete domain event class. */
export type EventClass<E extends DomainEvent = DomainEvent> = abstract new (...args: never[]) => E;

const EVENT_TYPE = Symbol.for('ddd-kit:event-type');
const TYPE_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/**
 * Declares an event's stable, versioned type string. The class name is never used on the wire:
 * it breaks under renames and minification.
 *
 * @example
 * ```ts
 * @EventType('wms.inventory.stock-received', { version: 1 })
 * export class StockReceived extends DomainEvent<{ sku: string; quantity: number }> {}
 * ```
 */
export function EventType(type: string, options: EventTypeOptions = {}): ClassDecorator {
  const version = options.version ?? 1;
  if (!TYPE_PATTERN.test(type)) {
    throw new TypeError(`Event type "${type}" must be lower-case words joined by "." or "-"`);
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new TypeError(`Event "${type}" needs a positive integer version, got ${version}`);
  }
  const info: EventTypeInfo = Object.freeze(
    options.topic ? { type, version, topic: options.topic } : { type, version },
  );
  return (target) => {
    // Own property, so a subclass never inherits its parent's identity by accident.
    Object.defineProperty(target, EVENT_TYPE, { value: info, enumerable: false });
  };
}

/** The declared type of an event class, or `undefined` when it has no {@link EventType}. */
export function findEventType(eventClass: object): EventTypeInfo | undefined {
  return Object.hasOwn(eventClass, EVENT_TYPE)
    ? (eventClass as Record<typeof EVENT_TYPE, EventTypeInfo>)[EVENT_TYPE]
    : undefined;
}

/** The declared type of an event class; throws when the class lacks {@link EventType}. */
export function eventTypeOf(eventClass: object): EventTypeInfo {
  const info = findEventType(eventClass);
  if (!info) {
    const name = (eventClass as { name?: string }).name ?? 'anonymous';
    throw new TypeError(`${name} has no @EventType(...): declare a stable type string for it`);
  }
  return info;
}

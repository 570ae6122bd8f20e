import { ValidationError } from '../errors/validation.error.js';
import { restoreEvent, type DomainEvent, type EventEnvelope } from './domain-event.js';
import { eventTypeOf, type EventClass } from './event-type.decorator.js';

/**
 * Maps a type string and version back to the event class, so consumers can turn an envelope into
 * a typed event. An instance, not a global: each module or process owns the registry it fills.
 */
export class EventTypeRegistry {
  private readonly classes = new Map<string, EventClass>();

  constructor(eventClasses: Iterable<EventClass> = []) {
    for (const eventClass of eventClasses) this.register(eventClass);
  }

  /** Adds event classes. Registering the same class twice is a no-op; a clash throws. */
  register(...eventClasses: EventClass[]): this {
    for (const eventClass of eventClasses) {
      const { type, version } = eventTypeOf(eventClass);
      const key = keyOf(type, version);
      const existing = this.classes.get(key);
      if (existing && existing !== eventClass) {
        throw new TypeError(
          `${type} v${version} is declared by both ${existing.name} and ${eventClass.name}`,
        );
      }
      this.classes.set(key, eventClass);
    }
    return this;
  }

  /** The class registered for a type and version. */
  resolve(type: string, version: number): EventClass | undefined {
    return this.classes.get(keyOf(type, version));
  }

  /** Whether a type and version is known. */
  has(type: string, version: number): boolean {
    return this.classes.has(keyOf(type, version));
  }

  /** Every registered type and version. */
  entries(): { type: string; version: number; eventClass: EventClass }[] {
    return [...this.classes.values()].map((eventClass) => ({ ...eventTypeOf(eventClass), eventClass }));
  }

  /**
   * Rebuilds a typed event from its envelope.
   * @throws ValidationError `UNKNOWN_EVENT_TYPE` when the type and version are not registered.
   */
  deserialize<E extends DomainEvent = DomainEvent>(envelope: EventEnvelope): E {
    const eventClass = this.resolve(envelope.type, envelope.version);
    if (!eventClass) {
      throw new ValidationError('UNKNOWN_EVENT_TYPE', { type: envelope.type, version: envelope.version });
    }
    return restoreEvent(eventClass, envelope) as E;
  }
}

function keyOf(type: string, version: number): string {
  return `${type}@${version}`;
}

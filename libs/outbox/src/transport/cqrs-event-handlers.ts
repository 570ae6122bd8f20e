import type { IEventHandler } from '@nestjs/cqrs';
import type { DiscoveryService } from '@nestjs/core';
import { findEventType, type EventClass } from '@ddd-kit/core';

// @nestjs/cqrs keeps the handled event classes under this key (`@EventsHandler(...events)`).
// Read directly because the EventBus only offers fire-and-forget publishing, and a transport
// must know when every handler has finished.
const EVENTS_HANDLER_METADATA = '__eventsHandler__';

type ProviderWrapper = ReturnType<DiscoveryService['getProviders']>[number];

/** The `@EventsHandler` providers of the app, by the event classes they handle. */
export class CqrsEventHandlers {
  private readonly byClass = new Map<EventClass, ProviderWrapper[]>();

  constructor(discovery: DiscoveryService) {
    for (const wrapper of discovery.getProviders()) {
      const handled = wrapper.metatype
        ? (Reflect.getMetadata(EVENTS_HANDLER_METADATA, wrapper.metatype) as unknown[] | undefined)
        : undefined;
      for (const eventClass of handled ?? []) {
        if (typeof eventClass !== 'function') continue;
        const handlers = this.byClass.get(eventClass as EventClass) ?? [];
        handlers.push(wrapper);
        this.byClass.set(eventClass as EventClass, handlers);
      }
    }
  }

  /** Handled event classes that declare a type with `@EventType`, i.e. can come from the outbox. */
  eventClasses(): EventClass[] {
    return [...this.byClass.keys()].filter((eventClass) => findEventType(eventClass) !== undefined);
  }

  /** The handler instances of one event class, in registration order. */
  of(eventClass: EventClass): IEventHandler[] {
    return (this.byClass.get(eventClass) ?? []).flatMap((wrapper) => {
      // Request-scoped handlers have no static instance; an outbox delivery has no request.
      const instance = wrapper.isDependencyTreeStatic() ? (wrapper.instance as IEventHandler | null) : null;
      return instance ? [instance] : [];
    });
  }
}

import {
  EventTypeRegistry,
  findEventType,
  type DomainEvent,
  type EventClass,
  type EventEnvelope,
} from '@ddd-kit/core';
import type { ProjectorOptions } from '../decorators/projector.decorator.js';
import type {
  ProjectionHandlerMetadata,
  ProjectionHandlerOptions,
} from '../decorators/projection-handler.decorator.js';
import type { ProjectionContext } from '../runtime/projection-context.js';

type HandlerMethod = (event: DomainEvent, context: ProjectionContext) => unknown;

/** A bound handler: the projector method for one event type and version. */
export interface BoundProjectionHandler {
  readonly eventClass: EventClass;
  readonly options: ProjectionHandlerOptions;
  handle(event: DomainEvent, context: ProjectionContext): Promise<void>;
}

/** A discovered projector: its options, its instance's handlers, and the event types they take. */
export class ProjectorDefinition {
  readonly name: string;
  readonly tables: readonly string[];
  private readonly registry: EventTypeRegistry;
  private readonly handlers = new Map<EventClass, BoundProjectionHandler[]>();

  constructor(
    readonly options: ProjectorOptions,
    instance: object,
    handlers: readonly ProjectionHandlerMetadata[],
  ) {
    this.name = options.name;
    this.tables = options.tables ?? [];
    for (const { eventClass, method, options: handlerOptions } of handlers) {
      const fn = (instance as Record<string | symbol, unknown>)[method];
      if (typeof fn !== 'function')
        throw new TypeError(`${this.name}: @ProjectionHandler ${String(method)} is not a method`);
      const bound: BoundProjectionHandler = {
        eventClass,
        options: handlerOptions,
        handle: async (event, context) => {
          await (fn as HandlerMethod).call(instance, event, context);
        },
      };
      this.handlers.set(eventClass, [...(this.handlers.get(eventClass) ?? []), bound]);
    }
    this.registry = new EventTypeRegistry(this.handlers.keys());
  }

  /** Event type strings this projector handles (any version). */
  eventTypes(): string[] {
    return [...new Set(this.registry.entries().map(({ type }) => type))];
  }

  /** Topics the handled events declare. */
  declaredTopics(): string[] {
    const topics = [...this.handlers.keys()].map((eventClass) => findEventType(eventClass)?.topic);
    return [...new Set(topics.filter((topic): topic is string => topic !== undefined))];
  }

  /** The typed event and its handlers, or `undefined` when this projector ignores the type. */
  resolve(
    envelope: EventEnvelope,
  ): { event: DomainEvent; handlers: readonly BoundProjectionHandler[] } | undefined {
    const eventClass = this.registry.resolve(envelope.type, envelope.version);
    if (!eventClass) return undefined;
    return {
      event: this.registry.deserialize<DomainEvent>(envelope),
      handlers: this.handlers.get(eventClass) ?? [],
    };
  }
}

import type { DomainEvent, EventClass } from '@ddd-kit/core';

/** Options of one projection handler. */
export interface ProjectionHandlerOptions<E extends DomainEvent = DomainEvent> {
  /**
   * Cache tags to invalidate once the event's transaction has committed, in the event's tenant
   * namespace (needs `@ddd-kit/cache`, or any `CacheTagInvalidator`).
   */
  readonly invalidates?: readonly string[] | ((event: E) => readonly string[]);
}

/** One `@ProjectionHandler` method. */
export interface ProjectionHandlerMetadata {
  readonly eventClass: EventClass;
  readonly method: string | symbol;
  readonly options: ProjectionHandlerOptions;
}

const HANDLERS_KEY = Symbol('ddd-kit:projection-handlers');

/**
 * Marks a projector method as the handler of one event class:
 * `async on(event: StockReceived, context: ProjectionContext)`. The handler runs inside the
 * transaction that also records the projector's progress, under the event's passport.
 */
export function ProjectionHandler<E extends DomainEvent>(
  eventClass: EventClass<E>,
  options: ProjectionHandlerOptions<E> = {},
): MethodDecorator {
  return (target, method) => {
    const handlers = projectionHandlersOf(target.constructor);
    Reflect.defineMetadata(
      HANDLERS_KEY,
      [...handlers, { eventClass, method, options: options as ProjectionHandlerOptions }],
      target.constructor,
    );
  };
}

/** The handler methods declared on a projector class. */
export function projectionHandlersOf(target: object): readonly ProjectionHandlerMetadata[] {
  return (Reflect.getMetadata(HANDLERS_KEY, target) as ProjectionHandlerMetadata[] | undefined) ?? [];
}

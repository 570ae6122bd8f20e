// @ddd-kit/core: framework-free DDD building blocks. No runtime import of Nest or MikroORM.
export type { Passport } from './context/passport.js';
export { passportOfCause } from './context/passport-of-cause.js';

export { Entity } from './domain/entity.js';
export { AggregateRoot, isAggregateRoot } from './domain/aggregate-root.js';
export { Aggregate, aggregateTypeOf, findAggregateType } from './domain/aggregate.decorator.js';
export { ValueObject } from './domain/value-object.js';

export {
  DomainEvent,
  restoreEvent,
  type DomainEventOptions,
  type EventEnvelope,
} from './events/domain-event.js';
export {
  EventType,
  eventTypeOf,
  findEventType,
  type EventClass,
  type EventTypeInfo,
  type EventTypeOptions,
} from './events/event-type.decorator.js';
export { EVENT_METADATA_KEYS, type EventMetadata } from './events/event-metadata.js';
export { EventTypeRegistry } from './events/event-type-registry.js';

export { Specification } from './specification/specification.js';
export type { Filter, FieldOperators } from './specification/filter.js';

export {
  PageRequest,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  type PageRequestInput,
  type SortDirection,
  type SortOrder,
} from './paging/page-request.js';
export { Page } from './paging/page.js';

export { DddError, type ErrorKind, type ErrorParams } from './errors/ddd.error.js';
export { DomainError } from './errors/domain.error.js';
export { NotFoundError } from './errors/not-found.error.js';
export { ConflictError } from './errors/conflict.error.js';
export { ConcurrencyConflictError } from './errors/concurrency-conflict.error.js';
export { ValidationError } from './errors/validation.error.js';
export { ForbiddenError } from './errors/forbidden.error.js';
export { UnauthenticatedError } from './errors/unauthenticated.error.js';
export { InfrastructureUnavailableError } from './errors/infrastructure-unavailable.error.js';

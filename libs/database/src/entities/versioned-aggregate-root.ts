import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { AggregateRoot } from '@ddd-kit/core';

/**
 * An aggregate with optimistic locking: MikroORM's version property alone (nothing else bumps
 * it), checked on every update. A stale write raises `ConcurrencyConflictError`.
 */
@Entity({ abstract: true })
export abstract class VersionedAggregateRoot<TId = string> extends AggregateRoot<TId> {
  /** Incremented by every update; starts at 1. */
  @Property({ type: 'integer', version: true })
  readonly version!: number;
}

import type { EntityManager } from '@mikro-orm/core';
import type { DomainEvent } from '@ddd-kit/core';

/**
 * State of one running unit of work: its fork (when it took one for itself rather than going
 * through `em.transactional`), and the events its flushes collected, waiting for the commit
 * before they go to in-process subscribers.
 */
export class UnitOfWorkScope {
  private readonly committed: DomainEvent[] = [];

  constructor(
    /** The fork the global EntityManager resolves to inside the unit of work, if it owns one. */
    readonly em?: EntityManager,
  ) {}

  /** Adds events collected by a flush inside this unit of work. */
  add(events: readonly DomainEvent[]): void {
    this.committed.push(...events);
  }

  /** Every event collected so far, in order. */
  get events(): readonly DomainEvent[] {
    return this.committed;
  }
}

import type { DomainEvent } from '@ddd-kit/core';

/**
 * State of one running unit of work: the events its flushes collected, waiting for the commit
 * before they go to in-process subscribers.
 */
export class UnitOfWorkScope {
  private readonly committed: DomainEvent[] = [];

  /** Adds events collected by a flush inside this unit of work. */
  add(events: readonly DomainEvent[]): void {
    this.committed.push(...events);
  }

  /** Every event collected so far, in order. */
  get events(): readonly DomainEvent[] {
    return this.committed;
  }
}

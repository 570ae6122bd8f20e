import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { UnitOfWork } from '@ddd-kit/database';

/** What `Inbox.handleOnce` did. */
export type InboxOutcome<T> = { readonly handled: true; readonly result: T } | { readonly handled: false };

/**
 * Idempotent consumers: delivery is at least once, so a consumer runs its handler and records
 * the event id in one transaction. A duplicate finds the record and does nothing; a handler that
 * throws rolls the record back, so the redelivery runs it again.
 */
@Injectable()
export class Inbox {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly em: EntityManager,
  ) {}

  /**
   * Runs `handler` in a unit of work unless `consumer` already handled `eventId`. Concurrent
   * deliveries of one event serialize on the inbox row: the second waits, then skips.
   */
  handleOnce<T>(consumer: string, eventId: string, handler: () => Promise<T>): Promise<InboxOutcome<T>> {
    return this.unitOfWork.run(async () => {
      const inserted: unknown = await this.em
        .getConnection()
        .execute(
          'insert into inbox_messages (consumer, event_id) values (?, ?) on conflict do nothing returning event_id',
          [consumer, eventId],
          'all',
          this.em.getTransactionContext(),
        );
      if ((inserted as unknown[]).length === 0) return { handled: false };
      return { handled: true, result: await handler() };
    });
  }
}

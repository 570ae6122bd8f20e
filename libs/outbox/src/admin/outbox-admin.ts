import { Injectable } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/core';
import { Page, type PageRequest } from '@ddd-kit/core';
import { OutboxMessage, OutboxStatus } from '../message/outbox-message.entity.js';

/** Which dead rows an operation is about. Every field narrows; none means all dead rows. */
export interface DeadMessageFilter {
  readonly tenantId?: string;
  readonly eventType?: string;
  readonly aggregateType?: string;
  readonly aggregateId?: string;
  /** Exactly these rows. */
  readonly ids?: readonly string[];
}

/**
 * Operations on dead outbox rows: list them, replay them once the fault is fixed (they go back
 * to pending with fresh attempts and unblock their lane), or purge them for good.
 */
@Injectable()
export class OutboxAdmin {
  constructor(private readonly orm: MikroORM) {}

  /** Dead rows matching the filter, oldest first. */
  async listDead(filter: DeadMessageFilter, page: PageRequest): Promise<Page<OutboxMessage>> {
    const [items, total] = await this.orm.em.fork().findAndCount(OutboxMessage, this.where(filter), {
      orderBy: { seq: 'asc' },
      limit: page.size,
      offset: page.offset,
    });
    return Page.of(items, total, page);
  }

  /** Makes matching dead rows pending again, due now; returns how many. */
  replay(filter: DeadMessageFilter): Promise<number> {
    return this.orm.em.fork().nativeUpdate(OutboxMessage, this.where(filter), {
      status: OutboxStatus.Pending,
      attempts: 0,
      nextAttemptAt: new Date(),
      lockedBy: null,
      lockedUntil: null,
    });
  }

  /** Deletes matching dead rows; their events are then never published. Returns how many. */
  purge(filter: DeadMessageFilter): Promise<number> {
    return this.orm.em.fork().nativeDelete(OutboxMessage, this.where(filter));
  }

  private where(filter: DeadMessageFilter): FilterQuery<OutboxMessage> {
    return {
      status: OutboxStatus.Dead,
      ...(filter.tenantId !== undefined ? { tenantId: filter.tenantId } : {}),
      ...(filter.eventType !== undefined ? { eventType: filter.eventType } : {}),
      ...(filter.aggregateType !== undefined ? { aggregateType: filter.aggregateType } : {}),
      ...(filter.aggregateId !== undefined ? { aggregateId: filter.aggregateId } : {}),
      ...(filter.ids !== undefined ? { id: { $in: [...filter.ids] } } : {}),
    };
  }
}

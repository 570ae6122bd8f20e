import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { DomainEvent } from '@ddd-kit/core';
import { EventSink, type DomainEventSink } from '@ddd-kit/database';
import { OUTBOX_MODULE_OPTIONS } from '../outbox.module-definition.js';
import type { OutboxModuleOptions } from '../outbox.options.js';
import { routeEvent } from '../routing/outbox-routing.js';
import { OutboxMessage } from './outbox-message.entity.js';

/**
 * Writes one outbox row per domain event, in the flush (and so the transaction) that collected
 * the events. A rollback leaves no row; nothing leaves the process except through this table.
 */
@Injectable()
@EventSink()
export class OutboxSink implements DomainEventSink {
  constructor(@Inject(OUTBOX_MODULE_OPTIONS) private readonly options: OutboxModuleOptions) {}

  write(events: readonly DomainEvent[], em: EntityManager): void {
    for (const event of events) em.persist(this.toMessage(event));
  }

  private toMessage(event: DomainEvent): OutboxMessage {
    const { topic, key, headers } = routeEvent(event, this.options.routing);
    const message = new OutboxMessage();
    message.id = event.eventId;
    message.tenantId = event.metadata.tenantId ?? null;
    message.aggregateType = event.aggregateType;
    message.aggregateId = event.aggregateId;
    message.eventType = event.type;
    message.eventVersion = event.version;
    // A plain copy: event data is deep-frozen and MikroORM may touch what it is given.
    message.payload = JSON.parse(JSON.stringify(event.data)) as unknown;
    message.headers = headers;
    message.topic = topic;
    message.partitionKey = key;
    message.occurredAt = event.occurredAt;
    return message;
  }
}

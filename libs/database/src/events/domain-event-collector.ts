import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import {
  MikroORM,
  type EntityManager,
  type EventSubscriber,
  type FlushEventArgs,
  type TransactionEventArgs,
} from '@mikro-orm/core';
import { isAggregateRoot, type DomainEvent } from '@ddd-kit/core';
import { PassportContext } from '../context/passport-context.js';
import { assertAggregatesNamed } from '../entities/assert-aggregates-named.js';
import { UnitOfWork } from '../unit-of-work/unit-of-work.js';
import {
  DOMAIN_EVENT_SINK_METADATA,
  type DomainEventSink,
  type EventSinkOptions,
} from './domain-event-sink.js';
import { InProcessEventPublisher } from './in-process-event-publisher.js';

/**
 * Collects domain events at flush time, from the unit of work itself.
 *
 * Every aggregate MikroORM manages (identity map and persist stack) gives up its pending events
 * exactly once: new and dirty aggregates, and unchanged ones that only recorded an event. The
 * events are stamped with the passport's metadata and handed to every sink inside the flush, so
 * what sinks persist commits with the business rows. Repeated flushes find empty buffers.
 *
 * After the commit the events go to in-process subscribers: through the running `UnitOfWork`
 * when there is one, otherwise after the flush's own implicit transaction, or after the commit
 * of a transaction someone opened directly on the EntityManager.
 */
@Injectable()
export class DomainEventCollector implements EventSubscriber, OnApplicationBootstrap {
  private sinks: DomainEventSink[] = [];
  // Events of flushes outside a UnitOfWork, waiting for their transaction to commit.
  private readonly awaitingCommit = new WeakMap<EntityManager, DomainEvent[]>();
  private readonly awaitingFlush = new WeakMap<EntityManager, DomainEvent[]>();

  constructor(
    private readonly orm: MikroORM,
    private readonly unitOfWork: UnitOfWork,
    private readonly passport: PassportContext,
    private readonly publisher: InProcessEventPublisher,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    assertAggregatesNamed(this.orm.getMetadata());
    this.sinks = this.discoverSinks();
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  async beforeFlush({ em, uow }: FlushEventArgs): Promise<void> {
    this.awaitingFlush.delete(em);
    const events = this.collect([...uow.getIdentityMap(), ...uow.getPersistStack()]);
    if (events.length === 0) return;
    for (const sink of this.sinks) await sink.write(events, em);

    // A flush outside any transaction commits by itself, even when it runs inside a unit of
    // work (a separate fork): its events must not wait for, or die with, that unit of work.
    const scope = this.unitOfWork.currentScope();
    if (!em.isInTransaction()) this.awaitingFlush.set(em, events);
    else if (scope) scope.add(events);
    else this.append(this.awaitingCommit, em, events);
  }

  afterFlush({ em }: FlushEventArgs): void {
    const events = this.awaitingFlush.get(em);
    if (!events) return;
    this.awaitingFlush.delete(em);
    this.publisher.publish(events);
  }

  afterTransactionCommit({ em, transaction }: TransactionEventArgs): void {
    if (isSavepoint(transaction)) return;
    const events = this.awaitingCommit.get(em);
    if (!events) return;
    this.awaitingCommit.delete(em);
    this.publisher.publish(events);
  }

  afterTransactionRollback({ em, transaction }: TransactionEventArgs): void {
    if (!isSavepoint(transaction)) this.awaitingCommit.delete(em);
  }

  private collect(entities: Iterable<object>): DomainEvent[] {
    const metadata = this.metadataDefaults();
    const seen = new Set<object>();
    const events: DomainEvent[] = [];
    for (const entity of entities) {
      if (seen.has(entity) || !isAggregateRoot(entity)) continue;
      seen.add(entity);
      // An aggregate that belongs to a tenant stamps it on its events, also in system work.
      const { tenantId } = entity as { tenantId?: unknown };
      events.push(
        ...entity.pullPendingEvents(typeof tenantId === 'string' ? { ...metadata, tenantId } : metadata),
      );
    }
    // UUIDv7 ids are time-ordered, so this restores the order events were recorded across aggregates.
    return events.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  }

  private metadataDefaults() {
    const { tenantId, actorId, correlationId, causationId, traceparent } = this.passport.current();
    return { tenantId, actorId, correlationId, causationId, traceparent };
  }

  private append(map: WeakMap<EntityManager, DomainEvent[]>, em: EntityManager, events: DomainEvent[]): void {
    const existing = map.get(em);
    if (existing) existing.push(...events);
    else map.set(em, [...events]);
  }

  private discoverSinks(): DomainEventSink[] {
    return this.discovery
      .getProviders()
      .flatMap((wrapper) => {
        const options =
          wrapper.metatype &&
          this.reflector.get<Required<EventSinkOptions> | undefined>(
            DOMAIN_EVENT_SINK_METADATA,
            wrapper.metatype,
          );
        return options && wrapper.instance
          ? [{ sink: wrapper.instance as DomainEventSink, order: options.order }]
          : [];
      })
      .sort((a, b) => a.order - b.order)
      .map(({ sink }) => sink);
  }
}

// MikroORM types the transaction loosely; a savepoint carries its name.
function isSavepoint(transaction: TransactionEventArgs['transaction']): boolean {
  return typeof (transaction as { savepointName?: unknown } | undefined)?.savepointName === 'string';
}

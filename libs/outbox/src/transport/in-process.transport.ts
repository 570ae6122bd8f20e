import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EventTypeRegistry, passportOfCause, type DomainEvent } from '@ddd-kit/core';
import { InProcessEventPublisher, PassportContext } from '@ddd-kit/database';
import { envelopeOfMessage } from '../routing/event-envelope.js';
import { CqrsEventHandlers } from './cqrs-event-handlers.js';
import { laneOf } from './lane.js';
import { OutboxTransport, type DeliveryResult, type OutboxEnvelope } from './outbox-transport.js';

const NOT_SENT: DeliveryResult = {
  ok: false,
  error: new Error('Not delivered: an earlier event of the same aggregate failed in this batch'),
};

/**
 * Delivers outbox rows to this process's @nestjs/cqrs `@EventsHandler`s, for development and
 * single-process deployments. Give the class, not an instance:
 * `OutboxModule.forRoot({ transport: InProcessTransport })`.
 *
 * Unlike the EventBus's publish after commit, delivery is at least once: a row counts as sent
 * only when every handler of its event has finished, and a failing handler is retried with the
 * relay's backoff (so handlers should be idempotent, e.g. through the `Inbox`). It therefore
 * takes over from the after-commit publish, so no handler runs twice for one commit. Aggregates
 * are delivered side by side, each one's events one after another, in order. Each handler runs
 * under the passport the event carries (tenant, actor, correlation, causation = the event).
 * Sagas are not fed: they are observables on the EventBus that report no completion.
 */
@Injectable()
export class InProcessTransport extends OutboxTransport {
  private readonly logger = new Logger(InProcessTransport.name);
  private handlers: CqrsEventHandlers | undefined;
  private registry = new EventTypeRegistry();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly passport: PassportContext,
    publisher: InProcessEventPublisher,
  ) {
    super();
    publisher.handOver('the outbox (InProcessTransport)');
  }

  // Handlers are discovered on connect: by then every provider has its instance.
  override async connect(): Promise<void> {
    this.handlers = new CqrsEventHandlers(this.discovery);
    this.registry = new EventTypeRegistry(this.handlers.eventClasses());
    this.logger.log({
      msg: 'Outbox relays events to in-process handlers',
      eventTypes: this.registry.entries().map(({ type, version }) => `${type}@${version}`),
    });
  }

  async publish(batch: readonly OutboxEnvelope[]): Promise<DeliveryResult[]> {
    const results = new Array<DeliveryResult>(batch.length);
    const lanes = new Map<string, number[]>();
    batch.forEach((envelope, index) => {
      const lane = laneOf(envelope);
      const indexes = lanes.get(lane);
      if (indexes) indexes.push(index);
      else lanes.set(lane, [index]);
    });
    await Promise.all(
      [...lanes.values()].map(async (indexes) => {
        let failed = false;
        for (const index of indexes) {
          results[index] = failed ? NOT_SENT : await this.deliver(batch[index]!);
          failed ||= !results[index].ok;
        }
      }),
    );
    return results;
  }

  private async deliver(envelope: OutboxEnvelope): Promise<DeliveryResult> {
    try {
      const eventClass = this.registry.resolve(envelope.eventType, envelope.eventVersion);
      const handlers = eventClass ? (this.handlers?.of(eventClass) ?? []) : [];
      // No handler here for the type: delivered to no one, which is done.
      if (handlers.length > 0) {
        const event = this.registry.deserialize<DomainEvent>(
          envelopeOfMessage(envelope.headers, envelope.payload),
        );
        await this.passport.run(passportOfCause(event), async () => {
          for (const handler of handlers) await handler.handle(event);
        });
      }
      return { ok: true, receipt: { partition: null, offset: null } };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
}

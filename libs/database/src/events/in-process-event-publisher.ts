import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import type { DomainEvent } from '@ddd-kit/core';

/**
 * Hands committed events to in-process subscribers on the @nestjs/cqrs EventBus. It runs only
 * after the commit, so subscribers never see an event whose transaction rolled back. Events
 * leave the process only through the outbox; this is for local reactions.
 *
 * Delivery here is at most once: a crash between commit and publish loses it. A component that
 * delivers to the same subscribers reliably (the outbox's in-process transport) takes over with
 * {@link handOver}, so no subscriber sees an event twice.
 */
@Injectable()
export class InProcessEventPublisher {
  private readonly logger = new Logger(InProcessEventPublisher.name);
  private eventBus: EventBus | null | undefined;
  private handedOverTo: string | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  /** Publishes committed events; a failing subscriber never fails the committed work. */
  publish(events: readonly DomainEvent[]): void {
    if (events.length === 0 || this.handedOverTo) return;
    const bus = this.resolveBus();
    if (!bus) return;
    try {
      bus.publishAll([...events]);
    } catch (error) {
      this.logger.error(`An in-process subscriber failed after commit: ${String(error)}`);
    }
  }

  /** Stops publishing after commit: `owner` delivers committed events to the subscribers now. */
  handOver(owner: string): void {
    this.handedOverTo = owner;
    this.logger.log(`In-process subscribers now receive committed events from ${owner}`);
  }

  // CqrsModule is optional: an app without it simply has no in-process subscribers.
  private resolveBus(): EventBus | null {
    if (this.eventBus === undefined) {
      try {
        this.eventBus = this.moduleRef.get(EventBus, { strict: false });
      } catch {
        this.eventBus = null;
      }
    }
    return this.eventBus ?? null;
  }
}

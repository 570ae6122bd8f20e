import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import type { DomainEvent } from '@ddd-kit/core';

/**
 * Hands committed events to in-process subscribers on the @nestjs/cqrs EventBus. It runs only
 * after the commit, so subscribers never see an event whose transaction rolled back. Events
 * leave the process only through the outbox; this is for local reactions.
 */
@Injectable()
export class InProcessEventPublisher {
  private readonly logger = new Logger(InProcessEventPublisher.name);
  private eventBus: EventBus | null | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  /** Publishes committed events; a failing subscriber never fails the committed work. */
  publish(events: readonly DomainEvent[]): void {
    if (events.length === 0) return;
    const bus = this.resolveBus();
    if (!bus) return;
    try {
      bus.publishAll([...events]);
    } catch (error) {
      this.logger.error(`An in-process subscriber failed after commit: ${String(error)}`);
    }
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

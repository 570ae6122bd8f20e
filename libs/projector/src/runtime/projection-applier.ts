import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { DddError, type EventEnvelope } from '@ddd-kit/core';
import { CacheTagInvalidator, PassportContext, UnitOfWork } from '@ddd-kit/database';
import type { ProjectorDefinition } from '../discovery/projector-definition.js';
import { RESOLVED_PROJECTOR_OPTIONS } from '../projector.module-definition.js';
import type { ResolvedProjectorOptions } from '../projector.options.js';
import { ProjectorMetrics } from '../status/projector-metrics.js';
import { ProjectionStore } from '../store/projection-store.js';
import { comparePositions, formatPosition, type Position } from './position.js';
import type { ProjectionContext } from './projection-context.js';
import { passportOfEvent } from './event-passport.js';
import { laneOf, type SourcedEvent } from './sourced-event.js';
import { TagsByTenant, type PendingInvalidation } from './tags-by-tenant.js';

/** Where the applier writes: the live tables, or a rebuild's schema. */
export interface ApplyTarget {
  /** Schema searched first for unqualified tables (a rebuild's copies). */
  readonly schema?: string;
}

/** What one `apply` did. */
export interface ApplyOutcome {
  readonly applied: number;
  readonly parked: number;
  /** Tags invalidated, or (during a rebuild) to invalidate once the new tables are in. */
  readonly invalidations: readonly PendingInvalidation[];
}

/**
 * Applies a source's events to a projector with an exactly-once effect. A batch runs in one
 * transaction holding the handlers' writes, the applied event ids and the checkpoint, so a
 * redelivery (at-least-once relay, restart) finds its id or its position and is skipped.
 *
 * When the batch fails, its events are applied one per transaction instead, each retried with
 * backoff; an event that still fails is parked with its error, and its aggregate's later events
 * park behind it (the lane waits) while other aggregates move on.
 */
@Injectable()
export class ProjectionApplier {
  private readonly logger = new Logger(ProjectionApplier.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly em: EntityManager,
    private readonly passport: PassportContext,
    private readonly store: ProjectionStore,
    private readonly metrics: ProjectorMetrics,
    @Inject(RESOLVED_PROJECTOR_OPTIONS) private readonly options: ResolvedProjectorOptions,
    @Optional() private readonly cache?: CacheTagInvalidator,
  ) {}

  /** Applies events of one source partition, in their order. */
  async apply(
    projector: ProjectorDefinition,
    events: readonly SourcedEvent[],
    target: ApplyTarget = {},
  ): Promise<ApplyOutcome> {
    if (events.length === 0) return { applied: 0, parked: 0, invalidations: [] };
    const endBatch = this.metrics.startBatch(projector.name);
    try {
      const outcome = await this.transaction(projector, events, target, undefined);
      return await this.finish(projector, outcome, target);
    } catch (error) {
      if (isUnavailable(error)) throw error;
      this.logger.warn({
        msg: 'Projection batch failed; applying its events one by one',
        projector: projector.name,
        events: events.length,
        error: messageOf(error),
      });
      return await this.oneByOne(projector, events, target);
    } finally {
      endBatch();
    }
  }

  /**
   * Moves a partition's checkpoint past messages that carry no event (a foreign message on a
   * Kafka topic), so the partition does not show lag forever. Never moves it back.
   */
  async advance(
    projector: ProjectorDefinition,
    partition: string,
    position: Position,
    target: ApplyTarget = {},
  ): Promise<void> {
    await this.unitOfWork.run(async () => {
      await this.enter(projector, target);
      const checkpoint = await this.store.checkpoint(projector.name, partition);
      if (!checkpoint || comparePositions(position, checkpoint) > 0)
        await this.store.saveCheckpoint(projector.name, partition, position, 0, undefined);
    });
  }

  /** Re-applies a parked lane in order (operations); stops at the first event that fails again. */
  async retryParked(projector: ProjectorDefinition, envelopes: readonly EventEnvelope[]): Promise<number> {
    let retried = 0;
    for (const envelope of envelopes) {
      try {
        const outcome = await this.atomically(async () => {
          await this.store.lock(projector.name);
          const invalidations = await this.handle(projector, envelope, 'parked', '', false);
          await this.store.unpark(projector.name, envelope.eventId);
          return { applied: 1, parked: 0, invalidations };
        });
        await this.finish(projector, outcome, {});
        retried++;
      } catch (error) {
        await this.unitOfWork.run(() =>
          this.store.recordRetryFailure(projector.name, envelope.eventId, messageOf(error)),
        );
        this.logger.warn({
          msg: 'Parked event failed again; its lane keeps waiting',
          projector: projector.name,
          eventId: envelope.eventId,
          error: messageOf(error),
        });
        break;
      }
    }
    return retried;
  }

  private async oneByOne(
    projector: ProjectorDefinition,
    events: readonly SourcedEvent[],
    target: ApplyTarget,
  ): Promise<ApplyOutcome> {
    let applied = 0;
    let parked = 0;
    const invalidations: PendingInvalidation[] = [];
    for (const event of events) {
      let outcome: ApplyOutcome | undefined;
      let lastError: unknown;
      for (let attempt = 1; attempt <= this.options.maxAttempts && !outcome; attempt++) {
        try {
          outcome = await this.transaction(projector, [event], target, undefined);
        } catch (error) {
          if (isUnavailable(error)) throw error;
          lastError = error;
          if (attempt < this.options.maxAttempts) await sleep(this.backoff(attempt));
        }
      }
      outcome ??= await this.transaction(projector, [event], target, {
        error: messageOf(lastError),
        attempts: this.options.maxAttempts,
      });
      const finished = await this.finish(projector, outcome, target);
      applied += finished.applied;
      parked += finished.parked;
      invalidations.push(...finished.invalidations);
    }
    return { applied, parked, invalidations };
  }

  /**
   * One transaction: skips what was applied before, parks what waits behind a parked event (or,
   * with `poison`, the event itself), applies the rest, and moves the checkpoint.
   */
  private transaction(
    projector: ProjectorDefinition,
    events: readonly SourcedEvent[],
    target: ApplyTarget,
    poison: { error: string; attempts: number } | undefined,
  ): Promise<ApplyOutcome> {
    const [first] = events;
    const last = events.at(-1);
    if (!first || !last) return Promise.resolve({ applied: 0, parked: 0, invalidations: [] });
    return this.atomically(async () => {
      await this.enter(projector, target);
      const checkpoint = await this.store.checkpoint(projector.name, first.partition);
      const fresh = uniqueById(
        events.filter((event) => !checkpoint || comparePositions(event.position, checkpoint) > 0),
      ).filter((event) => projector.resolve(event.envelope) !== undefined);
      const firstTime = await this.store.firstApplications(
        projector.name,
        fresh.map((event) => event.envelope.eventId),
      );
      const toApply = fresh.filter((event) => firstTime.has(event.envelope.eventId));
      const waiting = await this.store.parkedLanes(
        projector.name,
        toApply.map((event) => event.envelope),
      );

      let applied = 0;
      let parked = 0;
      const invalidations: PendingInvalidation[] = [];
      for (const { envelope, partition, position } of toApply) {
        const lane = laneOf(envelope);
        if (poison || waiting.has(lane)) {
          await this.store.park(projector.name, envelope, poison ? 'failed' : 'waiting', poison);
          waiting.add(lane);
          parked++;
          continue;
        }
        invalidations.push(
          ...(await this.handle(projector, envelope, partition, formatPosition(position), !!target.schema)),
        );
        applied++;
      }
      if (!checkpoint || comparePositions(last.position, checkpoint) > 0) {
        await this.store.saveCheckpoint(
          projector.name,
          first.partition,
          last.position,
          applied,
          last.envelope.occurredAt,
        );
      }
      if (poison) await this.store.recordError(projector.name, poison.error);
      return { applied, parked, invalidations };
    });
  }

  /**
   * A transaction of its own, or a savepoint inside a running one (the rebuild's switch catches up
   * inside its transaction). Either way a failing event takes back exactly what it did, applied
   * id included, so it can be retried and parked rather than silently counted as applied.
   */
  private atomically<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.unitOfWork.isActive) return this.unitOfWork.run(fn);
    return this.store.savepoint(fn, () => this.em.getContext().clear());
  }

  // Opens a projector transaction: the target's tables first on the search path, and the
  // projector's lock, which serializes its batches, retries and a rebuild's switch.
  private async enter(projector: ProjectorDefinition, target: ApplyTarget): Promise<void> {
    if (target.schema) await this.store.searchFirst(target.schema);
    await this.store.lock(projector.name);
  }

  /** Runs the event's handlers under its passport and flushes what they changed. */
  private async handle(
    projector: ProjectorDefinition,
    envelope: EventEnvelope,
    partition: string,
    position: string,
    rebuilding: boolean,
  ): Promise<PendingInvalidation[]> {
    const resolved = projector.resolve(envelope);
    if (!resolved) return [];
    const passport = passportOfEvent(envelope);
    const em = this.em.getContext();
    const context: ProjectionContext = {
      projector: projector.name,
      eventId: envelope.eventId,
      metadata: envelope.metadata,
      partition,
      position,
      rebuilding,
      em,
      execute: (sql, params = []) => this.store.query(sql, params),
    };
    return this.passport.run(passport, async () => {
      const invalidations: PendingInvalidation[] = [];
      for (const handler of resolved.handlers) {
        await handler.handle(resolved.event, context);
        // Inside the passport: the tenant write guard checks at flush time.
        await em.flush();
        const { invalidates } = handler.options;
        const tags = typeof invalidates === 'function' ? invalidates(resolved.event) : invalidates;
        if (tags?.length) invalidations.push({ passport, tags });
      }
      return invalidations;
    });
  }

  // After commit: metrics, and the cache tags (live only; a rebuild invalidates after its switch).
  private async finish(
    projector: ProjectorDefinition,
    outcome: ApplyOutcome,
    target: ApplyTarget,
  ): Promise<ApplyOutcome> {
    this.metrics.applied(projector.name, outcome.applied);
    if (outcome.parked > 0) {
      this.metrics.parked(projector.name, outcome.parked);
      this.logger.error({
        msg: 'Projection events parked',
        projector: projector.name,
        parked: outcome.parked,
      });
    }
    if (!target.schema) await this.invalidate(outcome.invalidations);
    return outcome;
  }

  /** Drops cache tags in each event's tenant namespace. A cache failure never fails projection. */
  async invalidate(invalidations: readonly PendingInvalidation[]): Promise<void> {
    const cache = this.cache;
    if (!cache || invalidations.length === 0) return;
    for (const { passport, tags } of new TagsByTenant().add(invalidations).invalidations()) {
      try {
        await this.passport.run(passport, () => cache.invalidateTags(tags));
      } catch (error) {
        this.logger.warn({ msg: 'Cache invalidation failed', tags, error: messageOf(error) });
      }
    }
  }

  private backoff(attempt: number): number {
    const base = this.options.retryDelayMs * 2 ** (attempt - 1);
    return Math.min(5_000, base / 2 + Math.random() * base);
  }
}

// The database being away is nobody's poison: the source retries the batch later.
function isUnavailable(error: unknown): boolean {
  return error instanceof DddError && error.kind === 'infrastructure-unavailable';
}

function uniqueById(events: readonly SourcedEvent[]): SourcedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.envelope.eventId) && seen.add(event.envelope.eventId));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

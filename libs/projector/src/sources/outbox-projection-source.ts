import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATABASE_MODULE_OPTIONS, type DatabaseModuleOptions } from '@ddd-kit/database';
import { OutboxListener } from '@ddd-kit/outbox';
import type { ProjectorDefinition } from '../discovery/projector-definition.js';
import { RESOLVED_PROJECTOR_OPTIONS } from '../projector.module-definition.js';
import type { ResolvedProjectorOptions } from '../projector.options.js';
import type { Position } from '../runtime/position.js';
import { ProjectionApplier } from '../runtime/projection-applier.js';
import type { SourcedEvent } from '../runtime/sourced-event.js';
import { ProjectionStore } from '../store/projection-store.js';
import { OUTBOX_PARTITION, OutboxHistory } from './outbox-history.js';
import { ProjectionSource, type HistoryRange, type ProjectorLag } from './projection-source.js';
import { Wakeup } from './wakeup.js';

// Rows exist but an older transaction is still open: look again soon rather than after the poll
// interval, since a transaction without outbox rows sends no NOTIFY when it ends.
const HORIZON_RETRY_MS = 10;

/**
 * Feeds projectors from committed outbox rows, for deployments without Kafka. One loop per
 * projector reads a batch after its checkpoint and hands it to the applier; it wakes on the
 * outbox's NOTIFY and polls as a fallback. Several instances may run: the applier serializes
 * them per projector and skips what another already applied.
 */
@Injectable()
export class OutboxProjectionSource extends ProjectionSource {
  readonly kind = 'outbox' as const;
  private readonly logger = new Logger(OutboxProjectionSource.name);
  private readonly loops = new Map<string, Promise<void>>();
  // One per loop: a NOTIFY during one projector's round must still reach that projector.
  private readonly wakeups = new Map<string, Wakeup>();
  private running = false;
  private listener: OutboxListener | undefined;

  constructor(
    private readonly outbox: OutboxHistory,
    private readonly applier: ProjectionApplier,
    private readonly store: ProjectionStore,
    @Inject(RESOLVED_PROJECTOR_OPTIONS) private readonly options: ResolvedProjectorOptions,
    @Inject(DATABASE_MODULE_OPTIONS) private readonly database: DatabaseModuleOptions,
  ) {
    super();
  }

  async start(projectors: readonly ProjectorDefinition[]): Promise<void> {
    if (this.running) return;
    this.running = true;
    // Reconnects by itself after a PostgreSQL restart; meanwhile the loops poll.
    this.listener = new OutboxListener({
      url: this.database.url,
      name: 'ddd-kit projector',
      onNotify: () => this.wakeAll(),
    });
    await this.listener.start();
    for (const projector of projectors) {
      const wakeup = new Wakeup();
      this.wakeups.set(projector.name, wakeup);
      this.loops.set(projector.name, this.run(projector, wakeup));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeAll();
    await Promise.all(this.loops.values());
    this.loops.clear();
    this.wakeups.clear();
    await this.listener?.stop();
    this.listener = undefined;
  }

  isRunning(projector: string): boolean {
    return this.running && this.loops.has(projector);
  }

  async lag(
    projector: ProjectorDefinition,
    checkpoints: ReadonlyMap<string, Position>,
  ): Promise<ProjectorLag> {
    return this.outbox.backlog(projector.eventTypes(), checkpoints.get(OUTBOX_PARTITION));
  }

  async head(projector: ProjectorDefinition, tenantId?: string): Promise<Map<string, Position>> {
    const head = await this.outbox.head(projector.eventTypes(), tenantId);
    return new Map(head ? [[OUTBOX_PARTITION, head]] : []);
  }

  async hasPassed(
    projector: ProjectorDefinition,
    txId: string,
    checkpoints: ReadonlyMap<string, Position>,
  ): Promise<boolean> {
    return !(await this.outbox.hasRowsAfter(txId, projector.eventTypes(), checkpoints.get(OUTBOX_PARTITION)));
  }

  async size(projector: ProjectorDefinition, range: HistoryRange): Promise<number> {
    const upTo = range.upTo.get(OUTBOX_PARTITION);
    if (!upTo) return 0;
    return this.outbox.count(projector.eventTypes(), range.after?.get(OUTBOX_PARTITION), {
      upTo,
      ...(range.tenantId && { tenantId: range.tenantId }),
    });
  }

  async *history(
    projector: ProjectorDefinition,
    range: HistoryRange,
    batchSize: number,
  ): AsyncIterable<SourcedEvent[]> {
    const upTo = range.upTo.get(OUTBOX_PARTITION);
    if (!upTo) return;
    let after = range.after?.get(OUTBOX_PARTITION);
    for (;;) {
      const batch = await this.outbox.read(projector.eventTypes(), after, batchSize, {
        upTo,
        ...(range.tenantId && { tenantId: range.tenantId }),
      });
      if (batch.length === 0) return;
      yield batch;
      after = batch.at(-1)!.position;
    }
  }

  private async run(projector: ProjectorDefinition, wakeup: Wakeup): Promise<void> {
    const types = projector.eventTypes();
    while (this.running) {
      let delay = this.options.pollIntervalMs;
      try {
        const after = await this.checkpoint(projector);
        const batch = await this.outbox.read(types, after, this.options.batchSize);
        await this.applier.apply(projector, batch);
        if (batch.length === this.options.batchSize) continue;
        if (await this.outbox.blockedByHorizon(types, batch.at(-1)?.position ?? after))
          delay = HORIZON_RETRY_MS;
      } catch (error) {
        this.logger.error({
          msg: 'Projector round failed; trying again after the poll interval',
          projector: projector.name,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      if (this.running) await wakeup.wait(delay);
    }
  }

  private wakeAll(): void {
    for (const wakeup of this.wakeups.values()) wakeup.wake();
  }

  private checkpoint(projector: ProjectorDefinition): Promise<Position | undefined> {
    return this.store.checkpoint(projector.name, OUTBOX_PARTITION);
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATABASE_MODULE_OPTIONS, UnitOfWork, type DatabaseModuleOptions } from '@ddd-kit/database';
import { ProjectorCatalog } from '../discovery/projector-catalog.js';
import type { ProjectorDefinition } from '../discovery/projector-definition.js';
import { ProjectorNotRebuildableError, ProjectorRebuildRunningError } from '../errors/projector.errors.js';
import { RESOLVED_PROJECTOR_OPTIONS } from '../projector.module-definition.js';
import type { ResolvedProjectorOptions } from '../projector.options.js';
import { comparePositions, type Position } from '../runtime/position.js';
import { ProjectionApplier, type ApplyOutcome } from '../runtime/projection-applier.js';
import { TagsByTenant, type PendingInvalidation } from '../runtime/tags-by-tenant.js';
import { ProjectionSource } from '../sources/projection-source.js';
import { ProjectionStore } from '../store/projection-store.js';
import { lockRebuildSchema } from './rebuild-lock.js';
import { quoteIdentifier, rebuildSchemaOf } from './rebuild-schema.js';

/** Progress of a rebuild, reported after every batch. */
export interface RebuildProgress {
  readonly done: number;
  /**
   * Events to replay: it grows when the switch catches up with events that came meanwhile. For
   * one tenant on Kafka it is an upper bound until the last report, which equals `done`.
   */
  readonly total: number;
}

export interface RebuildOptions {
  /** Rebuild only this tenant's rows (the projector's tables need a `tenant_id` column). */
  readonly tenantId?: string;
  /**
   * Called at the start and after every batch. The rebuild waits for a returned promise, so a
   * caller can pace it; the last calls come from the switch, which holds the projector's lock,
   * so they must not wait for the projector to move.
   */
  readonly onProgress?: (progress: RebuildProgress) => void | Promise<void>;
}

export interface RebuildResult {
  readonly projector: string;
  readonly tenantId?: string;
  readonly events: number;
  readonly parked: number;
  readonly seconds: number;
}

// The projector's bookkeeping, copied into the rebuild schema so the applier works unchanged.
const BOOKKEEPING = ['projector_checkpoints', 'projector_applied_events', 'projector_parked_events'] as const;

/**
 * Rebuilds a read model without downtime. History is replayed from the source (the outbox's
 * retained rows, or Kafka from the earliest offset) into fresh copies of the projector's tables
 * in a schema of its own, by the same applier and handlers as live projection: the rebuild's
 * transactions put that schema first on `search_path`. Live queries keep reading the old tables
 * meanwhile. At the end, one transaction that holds the projector's lock (so no live batch runs)
 * catches the copy up to the live checkpoint and switches: the tables (or, for one tenant, its
 * rows) and the projector's checkpoints, applied ids and parked events.
 */
@Injectable()
export class ProjectorRebuild {
  private readonly logger = new Logger(ProjectorRebuild.name);

  constructor(
    private readonly catalog: ProjectorCatalog,
    private readonly source: ProjectionSource,
    private readonly applier: ProjectionApplier,
    private readonly store: ProjectionStore,
    private readonly unitOfWork: UnitOfWork,
    @Inject(RESOLVED_PROJECTOR_OPTIONS) private readonly options: ResolvedProjectorOptions,
    @Inject(DATABASE_MODULE_OPTIONS) private readonly database: DatabaseModuleOptions,
  ) {}

  /**
   * @throws ProjectorNotFoundError, ProjectorNotRebuildableError (no tables declared),
   *   ProjectorRebuildRunningError (a rebuild of the same model, in this process or another)
   */
  async rebuild(name: string, options: RebuildOptions = {}): Promise<RebuildResult> {
    const projector = this.catalog.get(name);
    if (projector.tables.length === 0) throw new ProjectorNotRebuildableError(name);
    const { tenantId } = options;
    const schema = rebuildSchemaOf(name, tenantId);
    const release = await lockRebuildSchema(this.database.url, schema);
    if (!release) throw new ProjectorRebuildRunningError(name, tenantId || undefined);
    try {
      return await this.run(projector, schema, options);
    } finally {
      await release();
    }
  }

  private async run(
    projector: ProjectorDefinition,
    schema: string,
    options: RebuildOptions,
  ): Promise<RebuildResult> {
    const { name } = projector;
    const started = Date.now();
    const { tenantId } = options;
    const live = await this.liveSchema();
    const tally = new RebuildTally(options.onProgress);
    try {
      await this.prepare(projector, schema, live);
      const head = await this.source.head(projector, tenantId);
      const history = { upTo: head, ...(tenantId && { tenantId }) };
      await tally.expect(await this.source.size(projector, history));
      await this.replay(projector, schema, history, tally);
      await this.unitOfWork.run(async () => {
        await this.store.lock(projector.name);
        const liveCheckpoints = await this.store.checkpoints(projector.name);
        const ahead = new Map(
          [...liveCheckpoints].filter(([p, at]) => comparePositions(at, head.get(p) ?? []) > 0),
        );
        // Inside the lock: live batches wait, so nothing moves between catch-up and switch.
        const catchUp = { after: head, upTo: ahead, ...(tenantId && { tenantId }) };
        tally.grow(await this.source.size(projector, catchUp));
        await this.replay(projector, schema, catchUp, tally);
        await tally.finish();
        if (tenantId) await this.switchTenant(projector, schema, live, tenantId);
        else await this.switchAll(projector, schema, live);
      });
      await this.applier.invalidate(tally.invalidations());
      const result = {
        projector: name,
        ...(tenantId && { tenantId }),
        events: tally.done,
        parked: tally.parked,
        seconds: (Date.now() - started) / 1000,
      };
      this.logger.log({ msg: 'Projector rebuilt', ...result });
      return result;
    } finally {
      await this.store.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
    }
  }

  private async liveSchema(): Promise<string> {
    const [row] = await this.store.query<{ schema: string }>('select current_schema() as schema');
    return row!.schema;
  }

  private async prepare(projector: ProjectorDefinition, schema: string, live: string): Promise<void> {
    const target = quoteIdentifier(schema);
    await this.store.query(`drop schema if exists ${target} cascade`);
    await this.store.query(`create schema ${target}`);
    for (const table of [...projector.tables, ...BOOKKEEPING]) {
      await this.store.query(
        `create table ${target}.${quoteIdentifier(table)} (like ${quoteIdentifier(live)}.${quoteIdentifier(table)} including all)`,
      );
    }
  }

  private async replay(
    projector: ProjectorDefinition,
    schema: string,
    range: Parameters<ProjectionSource['history']>[1],
    tally: RebuildTally,
  ): Promise<void> {
    if (range.upTo.size === 0) return;
    for await (const batch of this.source.history(projector, range, this.options.batchSize)) {
      await tally.add(await this.applier.apply(projector, batch, { schema }), batch.length);
    }
    // The copy has seen everything up to `upTo`, also where the last messages carried no event
    // (a foreign Kafka message): its checkpoints say so, or the switched-in ones would lag.
    for (const [partition, position] of range.upTo)
      await this.applier.advance(projector, partition, position, { schema });
  }

  private async switchAll(projector: ProjectorDefinition, schema: string, live: string): Promise<void> {
    const [from, to] = [quoteIdentifier(schema), quoteIdentifier(live)];
    for (const table of projector.tables.map(quoteIdentifier)) {
      await this.store.query(`drop table ${to}.${table}`);
      await this.store.query(`alter table ${from}.${table} set schema ${to}`);
    }
    for (const table of BOOKKEEPING) {
      await this.store.query(`delete from ${to}.${table} where projector = ?`, [projector.name]);
      await this.store.query(`insert into ${to}.${table} select * from ${from}.${table}`);
    }
  }

  private async switchTenant(
    projector: ProjectorDefinition,
    schema: string,
    live: string,
    tenantId: string,
  ): Promise<void> {
    const [from, to] = [quoteIdentifier(schema), quoteIdentifier(live)];
    for (const table of projector.tables.map(quoteIdentifier)) {
      await this.store.query(`delete from ${to}.${table} where tenant_id = ?`, [tenantId]);
      await this.store.query(
        `insert into ${to}.${table} select * from ${from}.${table} where tenant_id = ?`,
        [tenantId],
      );
    }
    // Other tenants' progress stays: the live checkpoints are kept, and the ids the rebuild
    // applied are added, so events it already replayed past a live checkpoint are not applied twice.
    await this.store.query(
      `insert into ${to}.projector_applied_events select * from ${from}.projector_applied_events on conflict do nothing`,
    );
    await this.store.query(
      `delete from ${to}.projector_parked_events where projector = ? and envelope->'metadata'->>'tenantId' = ?`,
      [projector.name, tenantId],
    );
    await this.store.query(
      `insert into ${to}.projector_parked_events (projector, event_id, aggregate_type, aggregate_id, event_type, envelope, reason, attempts, error, parked_at)
       select projector, event_id, aggregate_type, aggregate_id, event_type, envelope, reason, attempts, error, parked_at
         from ${from}.projector_parked_events`,
    );
  }
}

/** Counts a rebuild's progress and gathers the cache tags to drop once it has switched. */
class RebuildTally {
  done = 0;
  parked = 0;
  private total = 0;
  private readonly tags = new TagsByTenant();

  constructor(private readonly onProgress?: (progress: RebuildProgress) => void | Promise<void>) {}

  async expect(total: number): Promise<void> {
    this.total = total;
    await this.onProgress?.({ done: 0, total });
  }

  /** More to replay than first thought: the switch's catch-up. */
  grow(events: number): void {
    this.total += events;
  }

  /** Where the total was an upper bound (Kafka, one tenant), the last report says what it was. */
  async finish(): Promise<void> {
    if (this.total === this.done) return;
    this.total = this.done;
    await this.onProgress?.({ done: this.done, total: this.total });
  }

  async add(outcome: ApplyOutcome, events: number): Promise<void> {
    this.done += events;
    this.parked += outcome.parked;
    this.total = Math.max(this.total, this.done);
    this.tags.add(outcome.invalidations);
    await this.onProgress?.({ done: this.done, total: this.total });
  }

  invalidations(): PendingInvalidation[] {
    return this.tags.invalidations();
  }
}

export type { Position };

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Passport } from '@ddd-kit/core';
import { UnitOfWork } from '@ddd-kit/database';
import { ProjectorCatalog } from '../discovery/projector-catalog.js';
import type { ProjectorDefinition } from '../discovery/projector-definition.js';
import { ProjectorNotRebuildableError } from '../errors/projector.errors.js';
import { RESOLVED_PROJECTOR_OPTIONS } from '../projector.module-definition.js';
import type { ResolvedProjectorOptions } from '../projector.options.js';
import { comparePositions, type Position } from '../runtime/position.js';
import { ProjectionApplier, type ApplyOutcome } from '../runtime/projection-applier.js';
import { ProjectionSource } from '../sources/projection-source.js';
import { ProjectionStore } from '../store/projection-store.js';
import { quoteIdentifier, rebuildSchemaOf } from './rebuild-schema.js';

/** Progress of a rebuild, reported after every batch. */
export interface RebuildProgress {
  readonly done: number;
  /** Estimated events to replay; may grow while the rebuild runs. */
  readonly total: number;
}

export interface RebuildOptions {
  /** Rebuild only this tenant's rows (the projector's tables need a `tenant_id` column). */
  readonly tenantId?: string;
  readonly onProgress?: (progress: RebuildProgress) => void;
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
  ) {}

  /**
   * @throws ProjectorNotFoundError, ProjectorNotRebuildableError (no tables declared)
   */
  async rebuild(name: string, options: RebuildOptions = {}): Promise<RebuildResult> {
    const projector = this.catalog.get(name);
    if (projector.tables.length === 0) throw new ProjectorNotRebuildableError(name);
    const started = Date.now();
    const { tenantId } = options;
    const schema = rebuildSchemaOf(name, tenantId);
    const live = await this.liveSchema();
    await this.prepare(projector, schema, live);
    const tally = new RebuildTally(options.onProgress);
    try {
      const total = (await this.source.lag(projector, new Map())).events;
      tally.expect(total);
      const head = await this.source.head(projector, tenantId);
      await this.replay(projector, schema, { upTo: head, ...(tenantId && { tenantId }) }, tally);
      await this.unitOfWork.run(async () => {
        await this.store.lock(projector.name);
        const liveCheckpoints = await this.store.checkpoints(projector.name);
        const ahead = new Map(
          [...liveCheckpoints].filter(([p, at]) => comparePositions(at, head.get(p) ?? []) > 0),
        );
        // Inside the lock: live batches wait, so nothing moves between catch-up and switch.
        await this.replay(
          projector,
          schema,
          { after: head, upTo: ahead, ...(tenantId && { tenantId }) },
          tally,
        );
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
      tally.add(await this.applier.apply(projector, batch, { schema }), batch.length);
    }
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
  private readonly tags = new Map<string, { passport: Passport; tags: Set<string> }>();

  constructor(private readonly onProgress?: (progress: RebuildProgress) => void) {}

  expect(total: number): void {
    this.total = total;
    this.onProgress?.({ done: 0, total });
  }

  add(outcome: ApplyOutcome, events: number): void {
    this.done += events;
    this.parked += outcome.parked;
    this.total = Math.max(this.total, this.done);
    for (const { passport, tags } of outcome.invalidations) {
      const key = passport.tenantId ?? '';
      const entry = this.tags.get(key) ?? { passport, tags: new Set<string>() };
      for (const tag of tags) entry.tags.add(tag);
      this.tags.set(key, entry);
    }
    this.onProgress?.({ done: this.done, total: this.total });
  }

  invalidations(): { passport: Passport; tags: readonly string[] }[] {
    return [...this.tags.values()].map(({ passport, tags }) => ({ passport, tags: [...tags] }));
  }
}

export type { Position };

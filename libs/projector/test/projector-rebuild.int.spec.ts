import {
  ProjectionHandler,
  Projector,
  ProjectorAdmin,
  ProjectorNotFoundError,
  ProjectorNotRebuildableError,
  ProjectorRebuild,
  ProjectorRebuildRunningError,
  ProjectorStatusService,
  type RebuildProgress,
  type RebuildResult,
} from '@ddd-kit/projector';
import { until, type DatabaseTestModule } from '@ddd-kit/testing';
import { startProjectorTestModule, StockWriter } from './fixture/projector-test-module.js';
import {
  checksum,
  levels,
  matchesAggregates,
  parkedCount,
  sql,
  writeStock,
  type LevelRow,
} from './fixture/read-model.js';
import { ItemRegistered } from './fixture/stock.aggregate.js';
import { poison } from './fixture/stock-levels.projector.js';

/** A projector that keeps no tables: it cannot be rebuilt. */
@Projector({ name: 'stock-audit' })
class StockAuditProjector {
  @ProjectionHandler(ItemRegistered)
  async onRegistered(): Promise<void> {}
}

const TENANTS = ['t-1', 't-2', undefined] as const;

describe('Projector rebuild', () => {
  let app: DatabaseTestModule;
  let writer: StockWriter;
  let rebuild: ProjectorRebuild;

  /** Events of the projector's types in the outbox (of one tenant). */
  async function outboxEvents(tenantId?: string): Promise<number> {
    const [row] = await sql<{ events: number }>(
      app,
      `select count(*)::int as events from outbox_messages
        where event_type in ('test.stock.item-registered', 'test.stock.received')
          and (?::text is null or tenant_id = ?)`,
      [tenantId ?? null, tenantId ?? null],
    );
    return row!.events;
  }

  /** Checksum of one tenant's rows (`null`: rows without a tenant). */
  async function tenantChecksum(tenantId: string | null): Promise<string> {
    const [row] = await sql<{ sum: string }>(
      app,
      `select md5(coalesce(string_agg(concat_ws('|', item_id, sku, on_hand, last_step, events), ',' order by item_id), '')) as sum
         from stock_levels where tenant_id is not distinct from ?`,
      [tenantId],
    );
    return row!.sum;
  }

  function expectSteadyProgress(progress: readonly RebuildProgress[], events: number): void {
    expect(progress[0]).toEqual({ done: 0, total: expect.any(Number) as number });
    progress.forEach((step, i) => {
      expect(step.done).toBeLessThanOrEqual(step.total);
      if (i === 0) return;
      expect(step.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
      expect(step.total).toBeGreaterThanOrEqual(progress[i - 1]!.total);
    });
    expect(progress.at(-1)).toEqual({ done: events, total: events });
  }

  beforeAll(async () => {
    app = await startProjectorTestModule({
      projector: { source: 'outbox', pollIntervalMs: 100, batchSize: 50, retryDelayMs: 5, maxAttempts: 3 },
      providers: [StockAuditProjector],
    });
    writer = app.module.get(StockWriter);
    rebuild = app.module.get(ProjectorRebuild);
    await writeStock(writer, { prefix: 'BASE', items: 30, rounds: 4, tenants: TENANTS });
    await until(() => matchesAggregates(app), 'the live model');
  }, 60_000);
  afterAll(async () => {
    poison.active = false;
    await app?.close();
  }, 30_000);

  it('replaces a damaged read model with one equal to the live-built model', async () => {
    const live = await checksum(app);
    const [victim, other] = [...(await levels(app)).keys()];
    await sql(app, 'update stock_levels set on_hand = on_hand + 100 where item_id = ?', [victim]);
    await sql(app, 'delete from stock_levels where item_id = ?', [other]);
    await sql(app, `insert into stock_levels (item_id, sku) values ('bogus', 'BOGUS')`);
    expect(await checksum(app)).not.toBe(live);

    const progress: RebuildProgress[] = [];
    const result = await rebuild.rebuild('stock-levels', { onProgress: (step) => void progress.push(step) });

    expect(await checksum(app)).toBe(live);
    expect(result).toMatchObject({ projector: 'stock-levels', events: await outboxEvents(), parked: 0 });
    expect(result).not.toHaveProperty('tenantId');
    expectSteadyProgress(progress, result.events);
    const status = await app.module.get(ProjectorStatusService).get('stock-levels');
    expect(status.parked).toBe(0);
    expect(status.lag.events).toBe(0);
    // No rebuild schema is left behind.
    expect(await sql(app, `select nspname from pg_namespace where nspname like 'ddd_rebuild_%'`)).toEqual([]);

    // The live projector goes on from the rebuilt checkpoint.
    await writer.receive(victim!, [3]);
    await until(() => matchesAggregates(app), 'live after the rebuild');
  }, 60_000);

  it('keeps answering live queries with the whole model while it rebuilds', async () => {
    await writeStock(writer, { prefix: 'BULK', items: 60, rounds: 8, tenants: TENANTS });
    await until(() => matchesAggregates(app), 'the live model');
    const [expected] = await sql<{ rows: number; total: number }>(
      app,
      'select count(*)::int as rows, sum(on_hand)::int as total from stock_levels',
    );

    let rebuilding = true;
    const seen: { rows: number; total: number }[] = [];
    const query = async (): Promise<void> => {
      while (rebuilding) {
        const [row] = await sql<{ rows: number; total: number }>(
          app,
          'select count(*)::int as rows, sum(on_hand)::int as total from stock_levels',
        );
        seen.push(row!);
      }
    };
    const readers = [query(), query(), query()];
    const batches: number[] = [];
    try {
      await rebuild.rebuild('stock-levels', { onProgress: ({ done }) => void batches.push(done) });
    } finally {
      rebuilding = false;
    }
    await Promise.all(readers);

    expect(batches.length).toBeGreaterThan(15);
    expect(seen.length).toBeGreaterThan(batches.length);
    // Never an empty, partial or doubled model: the old tables until the switch, then the new.
    expect(seen.filter((row) => row.rows !== expected!.rows || row.total !== expected!.total)).toEqual([]);
    expect(await matchesAggregates(app)).toBe(true);
  }, 60_000);

  it('ends with the writes made during the rebuild, none missing or applied twice', async () => {
    const ids = [...(await levels(app)).values()].map((row) => [row.item_id, row.tenant_id] as const);
    // Writes all along, racing the switch.
    let writing = true;
    const background = (async () => {
      for (let i = 0; writing; i++) {
        const [id, tenant] = ids[i % ids.length]!;
        await writer.receive(id, [1], tenant ?? undefined);
      }
    })();
    // And writes the live projector applies after the rebuild has read its history, so the switch
    // must catch up with them.
    let injected = false;
    const during: string[] = [];
    try {
      await rebuild.rebuild('stock-levels', {
        onProgress: async ({ done }) => {
          if (done === 0 || injected) return;
          injected = true;
          during.push(await writer.register('DURING'), await writer.register('DURING-T1', 't-1'));
          await writer.receive(during[0]!, [4, 5]);
          await writer.receive(during[1]!, [6], 't-1');
          await until(async () => {
            const rows = await levels(app);
            return rows.get(during[0]!)?.last_step === 2 && rows.get(during[1]!)?.last_step === 1;
          }, 'the live projector');
        },
      });
    } finally {
      writing = false;
      await background;
    }
    expect(injected).toBe(true);
    await until(() => matchesAggregates(app), 'the model to match the aggregates');
    expect(await parkedCount(app)).toBe(0);
    expect((await levels(app)).get(during[0]!)).toMatchObject({ on_hand: 9, last_step: 2, events: 3 });
  }, 60_000);

  it('rebuilds one tenant’s rows and leaves other tenants’ rows alone', async () => {
    const t1 = await tenantChecksum('t-1');
    await sql(app, `update stock_levels set on_hand = on_hand + 1000 where tenant_id is not null`);
    await sql(app, `update stock_levels set events = events + 1000 where tenant_id is null`);
    const damagedT2 = await tenantChecksum('t-2');
    const damagedNone = await tenantChecksum(null);
    expect(await tenantChecksum('t-1')).not.toBe(t1);

    const progress: RebuildProgress[] = [];
    const result = await rebuild.rebuild('stock-levels', {
      tenantId: 't-1',
      onProgress: (step) => void progress.push(step),
    });

    expect(result).toMatchObject({ tenantId: 't-1', events: await outboxEvents('t-1'), parked: 0 });
    expectSteadyProgress(progress, result.events);
    expect(await tenantChecksum('t-1')).toBe(t1);
    expect(await tenantChecksum('t-2')).toBe(damagedT2);
    expect(await tenantChecksum(null)).toBe(damagedNone);

    // The tenant's rows go on projecting live; nothing is applied twice.
    const [row] = [...(await levels(app)).values()].filter((level: LevelRow) => level.tenant_id === 't-1');
    await writer.receive(row!.item_id, [7], 't-1');
    await until(async () => (await levels(app)).get(row!.item_id)?.last_step === row!.last_step + 1, 'live');
    expect(await parkedCount(app)).toBe(0);

    // A full rebuild repairs the rest.
    await rebuild.rebuild('stock-levels');
    expect(await matchesAggregates(app)).toBe(true);
  }, 60_000);

  it('parks a poison event it meets while catching up at the switch, and finishes', async () => {
    const sick = await writer.register('SICK');
    await until(async () => (await levels(app)).has(sick), 'registered');
    let injected = false;
    let result: RebuildResult | undefined;
    try {
      result = await rebuild.rebuild('stock-levels', {
        onProgress: async ({ done }) => {
          if (done === 0 || injected) return;
          injected = true;
          // A quantity of its own: the history holds 13s too.
          poison.quantity = 9_999;
          poison.active = true;
          await writer.receive(sick, [poison.quantity]);
          await until(async () => (await parkedCount(app)) === 1, 'the live projector to park it');
        },
      });
    } finally {
      poison.active = false;
      poison.quantity = 13;
    }
    expect(result?.parked).toBe(1);
    const parked = await app.module.get(ProjectorAdmin).parked('stock-levels');
    expect(parked.map((event) => [event.aggregateId, event.reason])).toEqual([[sick, 'failed']]);
    expect(await app.module.get(ProjectorAdmin).retry('stock-levels')).toBe(1);
    expect(await matchesAggregates(app)).toBe(true);
  }, 60_000);

  it('runs one rebuild of a model at a time, and says so to the second', async () => {
    const live = await checksum(app);
    let second: PromiseSettledResult<RebuildResult> | undefined;
    const first = await rebuild.rebuild('stock-levels', {
      onProgress: async ({ done }) => {
        if (done > 0 && !second) [second] = await Promise.allSettled([rebuild.rebuild('stock-levels')]);
      },
    });
    expect(first.events).toBe(await outboxEvents());
    expect(second?.status).toBe('rejected');
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(ProjectorRebuildRunningError);
    // Another tenant's rebuild is another model: it may run meanwhile.
    const both = await Promise.allSettled([
      rebuild.rebuild('stock-levels', { tenantId: 't-1' }),
      rebuild.rebuild('stock-levels', { tenantId: 't-2' }),
    ]);
    expect(both.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    // Once done, the next one runs.
    await rebuild.rebuild('stock-levels');
    expect(await checksum(app)).toBe(live);
  }, 60_000);

  it('refuses projectors without tables, and unknown ones', async () => {
    await expect(rebuild.rebuild('stock-audit')).rejects.toBeInstanceOf(ProjectorNotRebuildableError);
    await expect(rebuild.rebuild('stock-nothing')).rejects.toBeInstanceOf(ProjectorNotFoundError);
  }, 30_000);
});

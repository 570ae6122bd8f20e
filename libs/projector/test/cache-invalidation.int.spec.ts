import { Global, Injectable, Module } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { CacheTagInvalidator, PassportContext, UnitOfWork } from '@ddd-kit/database';
import { ProjectorAdmin, ProjectorRebuild, ProjectorRunner } from '@ddd-kit/projector';
import { until, type DatabaseTestModule } from '@ddd-kit/testing';
import {
  startProjectorTestModule,
  StockItemRepository,
  StockWriter,
} from './fixture/projector-test-module.js';
import { StockItem } from './fixture/stock.aggregate.js';
import { levels, matchesAggregates, parkedCount, sql } from './fixture/read-model.js';
import { poison } from './fixture/stock-levels.projector.js';

/** One `invalidateTags` call: the tenant it ran under, and what a reader saw at that moment. */
interface Invalidation {
  readonly tenantId: string | undefined;
  readonly tags: readonly string[];
  /** `last_step` of each tagged item, read on another connection while the call ran. */
  readonly visible: ReadonlyMap<string, number>;
}

/** Our own port, recorded: which tags, under which tenant, and what was committed by then. */
@Injectable()
class RecordingInvalidator extends CacheTagInvalidator {
  readonly calls: Invalidation[] = [];

  constructor(
    private readonly passport: PassportContext,
    private readonly orm: MikroORM,
  ) {
    super();
  }

  async invalidateTags(tags: readonly string[]): Promise<void> {
    const tenantId = this.passport.current().tenantId;
    const items = tags.filter((tag) => tag.startsWith('item:')).map((tag) => tag.slice('item:'.length));
    const rows = (await this.orm.em
      .fork()
      .getConnection()
      .execute(
        'select item_id, last_step from stock_levels where item_id in (select jsonb_array_elements_text(?::jsonb))',
        [JSON.stringify(items)],
      )) as { item_id: string; last_step: number }[];
    this.calls.push({
      tenantId,
      tags: [...tags],
      visible: new Map(rows.map((row) => [row.item_id, row.last_step])),
    });
  }

  since(mark: number): Invalidation[] {
    return this.calls.slice(mark);
  }
}

@Global()
@Module({
  providers: [RecordingInvalidator, { provide: CacheTagInvalidator, useExisting: RecordingInvalidator }],
  exports: [RecordingInvalidator, CacheTagInvalidator],
})
class RecordingCacheModule {}

const TENANTS = ['t-1', 't-2', undefined] as const;

describe('Cache invalidation by projectors', () => {
  let app: DatabaseTestModule;
  let writer: StockWriter;
  let runner: ProjectorRunner;
  let cache: RecordingInvalidator;

  /** Stock items written while the projector is stopped, so it applies them in one batch. */
  async function writeWhileStopped(
    write: () => Promise<void>,
    until: (calls: Invalidation[]) => boolean,
  ): Promise<Invalidation[]> {
    await runner.stop();
    const mark = cache.calls.length;
    await write();
    await runner.start();
    const deadline = Date.now() + 15_000;
    while (!until(cache.since(mark))) {
      if (Date.now() > deadline) throw new Error('Timed out waiting for invalidations');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return cache.since(mark);
  }

  beforeAll(async () => {
    app = await startProjectorTestModule({
      projector: { source: 'outbox', pollIntervalMs: 100, retryDelayMs: 5, maxAttempts: 3 },
      imports: [RecordingCacheModule],
    });
    writer = app.module.get(StockWriter);
    runner = app.module.get(ProjectorRunner);
    cache = app.module.get(RecordingInvalidator);
  }, 30_000);
  afterAll(async () => {
    poison.active = false;
    await app?.close();
  }, 30_000);

  it('invalidates after the commit, once per tenant and batch, in the event’s tenant', async () => {
    const ids = new Map<string, string | undefined>();
    const calls = await writeWhileStopped(
      // One transaction, so one batch: its rows share a transaction id, which the outbox
      // source's commit horizon never splits.
      () =>
        app.module.get(UnitOfWork).run(async () => {
          for (let i = 0; i < 9; i++) {
            const tenant = TENANTS[i % 3];
            const item = StockItem.register(`INV-${i}`, tenant ?? null);
            [1, 2, 3].forEach((quantity) => item.receive(quantity));
            app.module.get(StockItemRepository).add(item);
            ids.set(item.id, tenant);
          }
        }),
      (calls) => new Set(calls.flatMap((call) => call.tags)).size >= 10,
    );

    // One batch: one call per tenant, each tag once.
    expect(calls.map((call) => call.tenantId).sort()).toEqual(['t-1', 't-2', undefined].sort());
    for (const call of calls) {
      expect(new Set(call.tags).size).toBe(call.tags.length);
      expect(call.tags).toContain('stock');
      const items = call.tags.filter((tag) => tag !== 'stock').map((tag) => tag.slice('item:'.length));
      expect(items.sort()).toEqual(
        [...ids]
          .filter(([, tenant]) => tenant === call.tenantId)
          .map(([id]) => id)
          .sort(),
      );
      // Another connection already saw the batch's writes: the call came after the commit.
      for (const id of items) expect(call.visible.get(id)).toBe(3);
    }
  }, 30_000);

  it('invalidates nothing for a batch that rolled back, nor for the parked event', async () => {
    const [sick, healthy] = [await writer.register('SICK', 't-1'), await writer.register('HEALTHY', 't-1')];
    await until(async () => (await levels(app)).has(healthy), 'registered');
    poison.quantity = 9_999;
    poison.active = true;
    try {
      const calls = await writeWhileStopped(
        // One transaction, so one batch (see above).
        () =>
          app.module.get(UnitOfWork).run(async () => {
            const items = app.module.get(StockItemRepository);
            (await items.get(sick)).receive(9_999);
            (await items.get(healthy)).receive(5);
          }),
        (calls) => calls.some((call) => call.tags.includes(`item:${healthy}`)),
      );
      await until(async () => (await parkedCount(app)) === 1, 'parked');
      // The batch of both events failed and rolled back: its tags were never sent. Applied one
      // by one, the healthy event's were, after its own commit; the parked event's were not.
      expect(calls.flatMap((call) => call.tags)).not.toContain(`item:${sick}`);
      expect(calls).toEqual([
        { tenantId: 't-1', tags: [`item:${healthy}`, 'stock'], visible: new Map([[healthy, 1]]) },
      ]);
    } finally {
      poison.active = false;
      poison.quantity = 13;
    }

    const mark = cache.calls.length;
    expect(await app.module.get(ProjectorAdmin).retry('stock-levels')).toBe(1);
    expect(cache.since(mark)).toEqual([
      { tenantId: 't-1', tags: [`item:${sick}`, 'stock'], visible: new Map([[sick, 1]]) },
    ]);
  }, 30_000);

  it('invalidates nothing while a rebuild replays, then each tenant’s tags once after the switch', async () => {
    await until(() => matchesAggregates(app), 'the live model');
    await runner.stop();
    try {
      const [victim] = [...(await levels(app)).keys()];
      await sql(app, 'update stock_levels set last_step = -1 where item_id = ?', [victim]);
      const mark = cache.calls.length;
      const duringReplay: number[] = [];
      // Under a caller's tenant, as an operator's request would run it: the events' tenants win.
      await app.module
        .get(PassportContext)
        .run({ tenantId: 'operator' }, () =>
          app.module
            .get(ProjectorRebuild)
            .rebuild('stock-levels', { onProgress: () => void duringReplay.push(cache.calls.length - mark) }),
        );
      expect(duringReplay.length).toBeGreaterThan(1);
      expect(duringReplay.every((count) => count === 0)).toBe(true);

      const calls = cache.since(mark);
      expect(calls.map((call) => call.tenantId).sort()).toEqual(['t-1', 't-2', undefined].sort());
      const rows = await levels(app);
      for (const call of calls) {
        expect(new Set(call.tags).size).toBe(call.tags.length);
        const items = call.tags.filter((tag) => tag !== 'stock').map((tag) => tag.slice('item:'.length));
        expect(items.sort()).toEqual(
          [...rows.values()]
            .filter((row) => (row.tenant_id ?? undefined) === call.tenantId)
            .map((row) => row.item_id)
            .sort(),
        );
      }
      // By then the rebuilt table was in place.
      const victimCall = calls.find((call) => call.visible.has(victim!));
      expect(victimCall?.visible.get(victim!)).toBe(rows.get(victim!)!.last_step);
      expect(rows.get(victim!)!.last_step).not.toBe(-1);
    } finally {
      await runner.start();
    }
  }, 30_000);
});

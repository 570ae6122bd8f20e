import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager } from '@mikro-orm/core';
import { UnitOfWork } from '@ddd-kit/database';
import { ProjectorAdmin, ProjectorRunner, ProjectorStatusService } from '@ddd-kit/projector';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import {
  startProjectorTestModule,
  StockItemRepository,
  StockWriter,
} from './fixture/projector-test-module.js';
import { poison } from './fixture/stock-levels.projector.js';
import { until } from '@ddd-kit/testing';

interface LevelRow {
  item_id: string;
  on_hand: number;
  last_step: number;
  events: number;
}

async function levels(app: DatabaseTestModule): Promise<Map<string, LevelRow>> {
  const rows = (await app.orm.em
    .getConnection()
    .execute('select item_id, on_hand, last_step, events from stock_levels order by item_id')) as LevelRow[];
  return new Map(rows.map((row) => [row.item_id, row]));
}

describe('Projector on the outbox source', () => {
  let app: DatabaseTestModule;
  let writer: StockWriter;

  beforeAll(async () => {
    app = await startProjectorTestModule({
      projector: { source: 'outbox', pollIntervalMs: 200, retryDelayMs: 5, maxAttempts: 3 },
    });
    writer = app.module.get(StockWriter);
  }, 30_000);
  afterAll(async () => {
    poison.active = false;
    await app?.close();
  }, 30_000);

  it('projects every event in per-aggregate order, under concurrent writers', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => writer.register(`SKU-${i}`)));
    await Promise.all(
      ids.map(async (id, i) => {
        for (let round = 0; round < 5; round++) await writer.receive(id, [1, i + 1]);
      }),
    );
    await until(
      async () => [...(await levels(app)).values()].every((row) => row.last_step === 10),
      'projection',
    );
    const rows = await levels(app);
    expect(rows.size).toBe(20);
    ids.forEach((id, i) =>
      expect(rows.get(id)).toMatchObject({ on_hand: 5 * (i + 2), last_step: 10, events: 11 }),
    );
  }, 30_000);

  it('applies a transaction that commits after a later one was already projected', async () => {
    const [late, early] = await Promise.all([writer.register('LATE'), writer.register('EARLY')]);
    await until(async () => (await levels(app)).has(early), 'registered');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let flushed!: () => void;
    const rowWritten = new Promise<void>((resolve) => (flushed = resolve));
    // The late transaction writes its outbox row first (lower seq), then stays open…
    const lateCommit = app.module.get(UnitOfWork).run(async () => {
      const item = await app.module.get(StockItemRepository).get(late);
      item.receive(5);
      await app.module.get(EntityManager).flush();
      flushed();
      await gate;
    });
    await rowWritten;
    // …while a later transaction commits.
    await writer.receive(early, [7]);
    await sleep(300);
    expect((await levels(app)).get(early)?.on_hand).toBe(0);
    release();
    await lateCommit;
    await until(async () => (await levels(app)).get(late)?.on_hand === 5, 'late commit');
    await until(async () => (await levels(app)).get(early)?.on_hand === 7, 'early commit');
  }, 30_000);

  it('parks a poison event and the rest of its lane, lets other lanes advance, and completes after a retry', async () => {
    const [sick, healthy] = await Promise.all([writer.register('SICK'), writer.register('HEALTHY')]);
    poison.active = true;
    await writer.receive(sick, [1, 13, 2]);
    await writer.receive(healthy, [5]);
    await writer.receive(sick, [3]);
    await writer.receive(healthy, [6]);
    await until(async () => (await levels(app)).get(healthy)?.on_hand === 11, 'healthy lane');
    const admin = app.module.get(ProjectorAdmin);
    await until(async () => (await admin.parked('stock-levels')).length === 3, 'parked events');
    const parked = await admin.parked('stock-levels');
    expect(
      parked.map((event) => [event.reason, (event.envelope.data as { quantity: number }).quantity]),
    ).toEqual([
      ['failed', 13],
      ['waiting', 2],
      ['waiting', 3],
    ]);
    expect(parked[0]!.error).toContain('poisoned quantity');
    expect((await levels(app)).get(sick)).toMatchObject({ on_hand: 1, last_step: 1 });
    const status = await app.module.get(ProjectorStatusService).get('stock-levels');
    expect(status.parked).toBe(3);
    expect(status.lastError?.message).toContain('poisoned quantity');

    expect(await admin.retry('stock-levels')).toBe(0);
    poison.active = false;
    expect(await admin.retry('stock-levels')).toBe(3);
    expect((await levels(app)).get(sick)).toMatchObject({ on_hand: 19, last_step: 4 });
    expect(await admin.parked('stock-levels')).toEqual([]);
    await writer.receive(sick, [1]);
    await until(async () => (await levels(app)).get(sick)?.on_hand === 20, 'lane flows again');
  }, 30_000);

  it('resumes from its checkpoint after a restart, without gaps or repeats', async () => {
    const runner = app.module.get(ProjectorRunner);
    const id = await writer.register('RESTART');
    await until(async () => (await levels(app)).has(id), 'registered');
    await runner.stop();
    for (let i = 0; i < 10; i++) await writer.receive(id, [1]);
    await sleep(300);
    expect((await levels(app)).get(id)?.on_hand).toBe(0);
    await runner.start();
    await until(async () => (await levels(app)).get(id)?.last_step === 10, 'after restart');
    expect((await levels(app)).get(id)).toMatchObject({ on_hand: 10, events: 11 });
    const status = await app.module.get(ProjectorStatusService).get('stock-levels');
    expect(status.lag.events).toBe(0);
    expect(status.running).toBe(true);
  });
});

import pg from 'pg';
import { LowStockReport } from '../src/jobs/low-stock/low-stock-report.js';
import { obliterateJobQueues } from './job-queues.fixture.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS nightly low-stock report', () => {
  let wms: WmsTestApp;
  let db: pg.Client;

  beforeAll(async () => {
    wms = await startWmsTestApp({ LOW_STOCK_THRESHOLD: '5', LOW_STOCK_REPORT_CRON: '30 3 * * *' });
    db = new pg.Client({ connectionString: wms.database.url });
    await db.connect();
    const rows: [string, string, string, number, number][] = [
      ['acme', 'EMPTY', 'A-1', 0, 0],
      ['acme', 'EDGE', 'A-1', 5, 0],
      ['acme', 'FINE', 'A-1', 6, 0],
      ['acme', 'HELD', 'A-2', 10, 8],
      ['globex', 'PLENTY', 'G-1', 100, 0],
      // Not an active tenant: never reported.
      ['initech', 'EMPTY', 'I-1', 0, 0],
    ];
    for (const [tenant, sku, location, onHand, reserved] of rows) {
      await db.query(
        `insert into stock_levels (tenant_id, sku, location, on_hand, reserved, available, updated_at)
         values ($1, $2, $3, $4, $5, $4::bigint - $5::bigint, now())`,
        [tenant, sku, location, onHand, reserved],
      );
    }
  }, 60_000);
  afterAll(async () => {
    if (wms) await obliterateJobQueues(wms.app);
    await db?.end();
    await wms?.close();
  });

  it('is scheduled on LOW_STOCK_REPORT_CRON', () => {
    const next = wms.app.get(LowStockReport).nextRunAt();
    expect([next?.getHours(), next?.getMinutes()]).toEqual([3, 30]);
    expect(next!.getTime() - Date.now()).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
  });

  it('has nothing to show before its first run', async () => {
    const none = await wms.request({ method: 'GET', url: '/api/v1/reports/low-stock' });
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('NOT_FOUND');
  });

  it('counts, per tenant and in its context, the stock rows at or below the threshold', async () => {
    const run = await wms.app.get(LowStockReport).runForEveryTenant();
    expect(run.failed).toEqual([]);
    expect(run.reports.map((r) => [r.tenantId, r.lowStockRows])).toEqual([
      ['acme', 3],
      ['globex', 0],
    ]);

    const acme = await wms.request({ method: 'GET', url: '/api/v1/reports/low-stock' });
    expect(acme.status).toBe(200);
    expect(acme.body).toEqual({
      tenantId: 'acme',
      generatedAt: expect.any(String),
      threshold: 5,
      lowStockRows: 3,
      lowest: [
        { sku: 'EMPTY', location: 'A-1', onHand: 0, reserved: 0, available: 0 },
        { sku: 'HELD', location: 'A-2', onHand: 10, reserved: 8, available: 2 },
        { sku: 'EDGE', location: 'A-1', onHand: 5, reserved: 0, available: 5 },
      ],
    });
    const globex = await wms.request({ method: 'GET', url: '/api/v1/reports/low-stock', tenant: 'globex' });
    expect(globex.body).toMatchObject({ tenantId: 'globex', lowStockRows: 0, lowest: [] });
  });

  it('tries every tenant and reports the ones it could not run', async () => {
    await db.query('alter table stock_levels rename to stock_levels_away');
    try {
      const run = await wms.app.get(LowStockReport).runForEveryTenant();
      expect(run.reports).toEqual([]);
      expect(run.failed.map((f) => f.tenantId)).toEqual(['acme', 'globex']);
      expect(run.failed[0]?.error).toContain('SERVICE_UNAVAILABLE');
    } finally {
      await db.query('alter table stock_levels_away rename to stock_levels');
    }
    // The last good report stays.
    const acme = await wms.request({ method: 'GET', url: '/api/v1/reports/low-stock' });
    expect(acme.body.lowStockRows).toBe(3);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import pg from 'pg';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS job workers on shutdown', () => {
  let wms: WmsTestApp;

  beforeAll(async () => {
    // Small chunks, so the import is still running when the app is asked to stop.
    wms = await startWmsTestApp({ SKU_IMPORT_CHUNK_SIZE: '100' });
  }, 60_000);
  afterAll(async () => {
    await wms?.database.drop();
  });

  it('finish the job they are running before the app closes', async () => {
    const skus = Array.from({ length: 3_000 }, (_, i) => ({ code: `S-${i}`, name: `Stop ${i}`, uom: 'EA' }));
    const submitted = await wms.request({
      method: 'POST',
      url: '/api/v1/jobs',
      body: { type: 'sku-import', input: { skus } },
    });
    expect(submitted.status).toBe(202);
    for (;;) {
      const job = (await wms.request({ method: 'GET', url: `/api/v1/jobs/${submitted.body.id}` })).body;
      if (job.status === 'active' && job.progress > 0) break;
      if (job.status === 'completed') throw new Error('the import finished before the app was closed');
      await sleep(10);
    }

    await wms.app.close();

    const db = new pg.Client({ connectionString: wms.database.url });
    await db.connect();
    const { rows } = await db.query(`select count(*)::int as skus from skus where tenant_id = 'acme'`);
    await db.end();
    expect(rows).toEqual([{ skus: 3_000 }]);
    const queue = new Queue('imports', {
      connection: { url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379' },
      prefix: process.env['WMS_REDIS_PREFIX']!,
    });
    try {
      const job = await queue.getJob(submitted.body.id);
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue).toMatchObject({ imported: 3_000 });
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 60_000);
});

import { setTimeout as sleep } from 'node:timers/promises';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import pg from 'pg';
import { obliterateJobQueues } from './job-queues.fixture.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS jobs API', () => {
  let wms: WmsTestApp;
  let db: pg.Client;

  beforeAll(async () => {
    // Short backoff so that retries happen within a test: 1 s, then 2 s.
    wms = await startWmsTestApp({ JOB_BACKOFF_MS: '1000', JOB_ATTEMPTS: '3', SKU_IMPORT_CHUNK_SIZE: '500' });
    db = new pg.Client({ connectionString: wms.database.url });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    if (wms) await obliterateJobQueues(wms.app);
    await db?.end();
    await wms?.close();
  });

  const submit = (body: unknown, tenant = 'acme') =>
    wms.request({ method: 'POST', url: '/api/v1/jobs', body, tenant });
  const job = async (id: string, tenant = 'acme') =>
    (await wms.request({ method: 'GET', url: `/api/v1/jobs/${id}`, tenant })).body;
  const waitForJob = async (id: string, done: (job: any) => boolean, tenant = 'acme') => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const current = await job(id, tenant);
      if (done(current)) return current;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${JSON.stringify(current)}`);
      await sleep(25);
    }
  };
  const skuTotal = async (tenant: string) =>
    (await wms.request({ method: 'GET', url: '/api/v1/skus?size=1', tenant })).body.total as number;
  const seedStock = async (
    rows: [tenant: string, sku: string, location: string, onHand: number, reserved: number][],
  ) => {
    for (const [tenant, sku, location, onHand, reserved] of rows) {
      await db.query(
        `insert into stock_levels (tenant_id, sku, location, on_hand, reserved, available, updated_at)
         values ($1, $2, $3, $4, $5, $4::bigint - $5::bigint, now())`,
        [tenant, sku, location, onHand, reserved],
      );
    }
  };
  // The read model goes away (as while it is being replaced) and comes back.
  const hideStockLevels = () => db.query('alter table stock_levels rename to stock_levels_away');
  const restoreStockLevels = () => db.query('alter table if exists stock_levels_away rename to stock_levels');

  it('lists the registered job types with a description and an input summary', async () => {
    const types = await wms.request({ method: 'GET', url: '/api/v1/jobs/types' });
    expect(types.status).toBe(200);
    expect(types.body.items).toEqual([
      {
        type: 'replenishment-suggestion',
        queue: 'reports',
        description: expect.any(String),
        input: {
          threshold: { required: true, rules: ['isInt', 'min: 1', 'max: 1000000000'] },
          targetLevel: { required: false, rules: ['isInt', 'min: 1', 'max: 1000000000'] },
        },
      },
      {
        type: 'sku-import',
        queue: 'imports',
        description: expect.any(String),
        input: {
          skus: { required: false, rules: ['isArray'] },
          csv: { required: false, rules: ['isString'] },
        },
      },
    ]);
  });

  it('imports 10,000 SKUs from JSON in chunks, with progress, for the submitting tenant only', async () => {
    const skus = Array.from({ length: 10_000 }, (_, i) => ({
      code: `BULK-${String(i).padStart(5, '0')}`,
      name: `Bulk item ${i}`,
      uom: i % 2 ? 'EA' : 'BOX',
    }));
    const started = Date.now();
    const submitted = await submit({ type: 'sku-import', input: { skus } });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({ id: expect.any(String), type: 'sku-import', status: 'waiting' });

    const seen = new Set<number>();
    const done = await waitForJob(submitted.body.id, (current) => {
      seen.add(current.progress);
      return current.status === 'completed' || current.status === 'failed';
    });
    expect(done).toMatchObject({
      status: 'completed',
      progress: 100,
      result: { total: 10_000, imported: 10_000, skipped: 0, skippedCodes: [] },
      failedReason: null,
      attempts: { made: 1, max: 3 },
    });
    expect([...seen].some((progress) => progress > 0 && progress < 100)).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);

    expect(await skuTotal('acme')).toBe(10_000);
    // The worker ran in the submitter's tenant: nothing landed anywhere else.
    expect(await skuTotal('globex')).toBe(0);
    // Through the command path: one SkuRegistered outbox row per SKU, stamped with the tenant.
    const { rows } = await db.query(
      `select tenant_id, count(*)::int as events from outbox_messages
        where event_type = 'wms.catalog.sku-registered' group by tenant_id`,
    );
    expect(rows).toEqual([{ tenant_id: 'acme', events: 10_000 }]);
  }, 60_000);

  it('imports SKUs from CSV text and skips the codes the tenant has already', async () => {
    const csv = 'code,name,uom\nCSV-1,Apple,EA\n\nCSV-2,"Pear, green",BOX\nBULK-00001,Again,EA\n';
    const acme = await submit({ type: 'sku-import', input: { csv } });
    expect(acme.status).toBe(202);
    expect(await waitForJob(acme.body.id, (current) => current.status === 'completed')).toMatchObject({
      result: { total: 3, imported: 2, skipped: 1, skippedCodes: ['BULK-00001'] },
    });
    const globex = await submit({ type: 'sku-import', input: { csv } }, 'globex');
    const done = await waitForJob(globex.body.id, (current) => current.status === 'completed', 'globex');
    expect(done.result).toEqual({ total: 3, imported: 3, skipped: 0, skippedCodes: [] });
    const list = await wms.request({ method: 'GET', url: '/api/v1/skus?sort=code', tenant: 'globex' });
    expect(list.body.items.map((sku: { code: string; name: string }) => [sku.code, sku.name])).toEqual([
      ['BULK-00001', 'Again'],
      ['CSV-1', 'Apple'],
      ['CSV-2', 'Pear, green'],
    ]);
  }, 30_000);

  it('refuses an invalid file as a whole with IMPORT_INVALID, localized, and writes nothing', async () => {
    const before = await skuTotal('acme');
    const invalid = await submit({
      type: 'sku-import',
      input: {
        skus: [
          { code: 'OK-1', name: 'Fine', uom: 'EA' },
          { code: 'bad code', name: 'Spaces', uom: 'EA' },
          { code: 'OK-2', name: 'Unit', uom: 'XX' },
          { code: 'OK-1', name: 'Repeat', uom: 'EA' },
        ],
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('IMPORT_INVALID');
    expect(invalid.body.message).toContain('item 2: code "bad code"');
    expect(invalid.body.message).toContain('item 3: uom "XX"');
    expect(invalid.body.message).toContain('item 4: code OK-1 repeats item 1');

    const header = await wms.request({
      method: 'POST',
      url: '/api/v1/jobs',
      body: { type: 'sku-import', input: { csv: 'code,title\nA,B' } },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(header.status).toBe(400);
    expect(header.body).toMatchObject({
      code: 'IMPORT_INVALID',
      message: expect.stringContaining('导入文件无效'),
    });
    expect(header.body.message).toContain('the header lacks name, uom');

    const neither = await submit({ type: 'sku-import', input: {} });
    expect(neither.body.code).toBe('IMPORT_INVALID');
    const empty = await submit({ type: 'sku-import', input: { csv: 'code,name,uom\n' } });
    expect(empty.body).toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringContaining('no SKUs') });
    const ragged = await submit({ type: 'sku-import', input: { csv: 'code,name,uom\nA,B\n' } });
    expect(ragged.body.code).toBe('IMPORT_INVALID');

    expect(await skuTotal('acme')).toBe(before);
  });

  it('refuses an unknown job type and an input that breaks its rules', async () => {
    const unknown = await submit({ type: 'teleport', input: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'JOB_TYPE_UNKNOWN', message: 'Unknown job type teleport.' });

    const bad = await submit({ type: 'replenishment-suggestion', input: { threshold: -1, extra: true } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'input.extra',
      'input.threshold',
    ]);
    const target = await submit({
      type: 'replenishment-suggestion',
      input: { threshold: 10, targetLevel: 5 },
    });
    expect(target.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'input.targetLevel' }],
    });
    const delay = await submit({ type: 'replenishment-suggestion', input: { threshold: 1 }, delayMs: -5 });
    expect(delay.body.code).toBe('VALIDATION_FAILED');
    const noTenant = await submit({ type: 'replenishment-suggestion', input: { threshold: 1 } }, '');
    expect(noTenant.body.code).toBe('TENANT_REQUIRED');
  });

  it('suggests replenishment from the stock levels read model, per tenant', async () => {
    await seedStock([
      ['acme', 'LOW-A', 'A-1', 3, 1],
      ['acme', 'LOW-A', 'A-2', 2, 0],
      ['acme', 'PLENTY', 'A-1', 500, 0],
      ['acme', 'RESERVED', 'A-1', 20, 18],
      ['globex', 'LOW-G', 'G-1', 0, 0],
    ]);
    const submitted = await submit({
      type: 'replenishment-suggestion',
      input: { threshold: 5, targetLevel: 50 },
    });
    const done = await waitForJob(submitted.body.id, (current) => current.status === 'completed');
    expect(done.result).toEqual({
      threshold: 5,
      targetLevel: 50,
      truncated: false,
      suggestions: [
        { sku: 'RESERVED', onHand: 20, reserved: 18, available: 2, locations: 1, suggestedQuantity: 48 },
        { sku: 'LOW-A', onHand: 5, reserved: 1, available: 4, locations: 2, suggestedQuantity: 46 },
      ],
    });
  });

  it('retries an attempt that failed while the read model was away, with backoff, and completes', async () => {
    await hideStockLevels();
    let id: string;
    try {
      const submitted = await submit({ type: 'replenishment-suggestion', input: { threshold: 5 } });
      id = submitted.body.id;
      const waiting = await waitForJob(id, (current) => current.attempts.made === 1);
      expect(waiting).toMatchObject({
        status: 'delayed',
        failedCode: 'SERVICE_UNAVAILABLE',
        failedReason: expect.stringContaining('unavailable'),
        attempts: { made: 1, max: 3 },
      });
    } finally {
      await restoreStockLevels();
    }
    const done = await waitForJob(
      id,
      (current) => current.status === 'completed' || current.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'completed', attempts: { made: 2, max: 3 }, failedReason: null });
    expect(new Date(done.startedAt).getTime() - new Date(done.createdAt).getTime()).toBeGreaterThanOrEqual(
      450,
    );
    expect(done.result.suggestions.map((s: { sku: string }) => s.sku)).toEqual(['RESERVED', 'LOW-A']);
  }, 30_000);

  it('keeps a job that failed every attempt for inspection', async () => {
    await hideStockLevels();
    try {
      const submitted = await submit({ type: 'replenishment-suggestion', input: { threshold: 5 } });
      const failed = await waitForJob(submitted.body.id, (current) => current.status === 'failed');
      expect(failed).toMatchObject({
        status: 'failed',
        failedCode: 'SERVICE_UNAVAILABLE',
        attempts: { made: 3, max: 3 },
        result: null,
        finishedAt: expect.any(String),
      });
      // No SQL or stack in what a client sees.
      expect(failed.failedReason).not.toMatch(/stock_levels|relation|at .*\.(ts|js)/);
      expect(await job(submitted.body.id)).toMatchObject({ status: 'failed' });
    } finally {
      await restoreStockLevels();
    }
  }, 30_000);

  it('shows a delayed job as delayed, then runs it', async () => {
    const submitted = await submit({
      type: 'replenishment-suggestion',
      input: { threshold: 5 },
      delayMs: 1_000,
    });
    expect(submitted.body.status).toBe('delayed');
    expect(await job(submitted.body.id)).toMatchObject({ status: 'delayed', progress: 0, startedAt: null });
    const done = await waitForJob(submitted.body.id, (current) => current.status === 'completed');
    expect(new Date(done.startedAt).getTime() - new Date(done.createdAt).getTime()).toBeGreaterThanOrEqual(
      950,
    );
  }, 30_000);

  it("answers 404 JOB_NOT_FOUND for another tenant's job and for unknown ids", async () => {
    const submitted = await submit({ type: 'replenishment-suggestion', input: { threshold: 5 } });
    expect((await wms.request({ method: 'GET', url: `/api/v1/jobs/${submitted.body.id}` })).status).toBe(200);
    const other = await wms.request({
      method: 'GET',
      url: `/api/v1/jobs/${submitted.body.id}`,
      tenant: 'globex',
    });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('JOB_NOT_FOUND');
    for (const id of ['0190b1d5-0000-7000-8000-000000000000', 'not-a-job', '1']) {
      const unknown = await wms.request({ method: 'GET', url: `/api/v1/jobs/${id}` });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'JOB_NOT_FOUND']);
    }
  });

  // Regression (CI flake): a job that finished between the two Redis reads of `GET /jobs/:id`
  // came back `completed` with its active self's fields: no result, no attempt counted.
  it('never reports a job completed without its result, even when it finishes mid-read', async () => {
    const submitted = await submit({
      type: 'sku-import',
      input: { skus: [{ code: 'MIDREAD-1', name: 'Mid-read', uom: 'EA' }] },
    });
    const id: string = submitted.body.id;
    const queue = wms.app.get<Queue>(getQueueToken('imports'), { strict: false });
    const original = { getJob: queue.getJob.bind(queue), getJobState: queue.getJobState.bind(queue) };
    let reads = 0;
    // After the first of the two reads, hold it until the job has finished: the second read
    // then sees the finished job, whichever read comes first.
    const finishAfterFirstRead = async <T>(read: Promise<T>): Promise<T> => {
      const value = await read;
      if (reads++ === 0) {
        while ((await original.getJobState(id)) !== 'completed') await sleep(10);
      }
      return value;
    };
    queue.getJob = ((jobId: string) => finishAfterFirstRead(original.getJob(jobId))) as typeof queue.getJob;
    queue.getJobState = (jobId: string) => finishAfterFirstRead(original.getJobState(jobId));
    try {
      const midRead = await job(id);
      if (midRead.status === 'completed') {
        expect(midRead).toMatchObject({ result: { imported: 1 }, attempts: { made: 1 } });
      }
    } finally {
      Object.assign(queue, original);
    }
    expect(await job(id)).toMatchObject({
      status: 'completed',
      result: { imported: 1 },
      attempts: { made: 1 },
    });
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { obliterateJobQueues } from './job-queues.fixture.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS operations: health, metrics, projectors', () => {
  let wms: WmsTestApp;

  beforeAll(async () => {
    wms = await startWmsTestApp();
  }, 60_000);
  afterAll(async () => {
    if (wms) await obliterateJobQueues(wms.app);
    await wms?.close();
  });

  it('answers /health with 200 and each dependency, without a tenant', async () => {
    const health = await wms.request({ method: 'GET', url: '/health', tenant: null });
    expect(health.status).toBe(200);
    expect(health.headers['cache-control']).toContain('no-cache');
    const up = { status: 'up', responseTime: expect.any(Number) };
    expect(health.body).toEqual({
      status: 'ok',
      info: { database: up, redis: up },
      error: {},
      details: { database: up, redis: up },
    });
  });

  it('serves Prometheus metrics: HTTP requests by route pattern, jobs, outbox, projector and cache', async () => {
    await wms.request({ method: 'GET', url: '/api/v1/skus' });
    await wms.request({ method: 'GET', url: '/api/v1/jobs/0190b1d5-0000-7000-8000-000000000000' });
    await wms.request({ method: 'GET', url: '/no/such/route' });
    const submitted = await wms.request({
      method: 'POST',
      url: '/api/v1/jobs',
      body: { type: 'sku-import', input: { skus: [{ code: 'M-1', name: 'Metered', uom: 'EA' }] } },
    });
    for (let tries = 0; ; tries++) {
      const job = await wms.request({ method: 'GET', url: `/api/v1/jobs/${submitted.body.id}` });
      if (job.body.status === 'completed') break;
      if (tries > 400) throw new Error('the job did not complete');
      await sleep(25);
    }

    const metrics = await wms.request({ method: 'GET', url: '/metrics', tenant: null });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    const text = metrics.text;
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/api\/v1\/skus",status="200"\} 1$/m);
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="\/api\/v1\/jobs\/:id",status="404"\} 1$/m,
    );
    expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/skus"/m,
    );
    expect(text).toMatch(/^wms_jobs_completed_total\{type="sku-import"\} 1$/m);
    expect(text).toMatch(/^wms_jobs_waiting\{queue="imports"\} 0$/m);
    expect(text).toMatch(/^wms_job_duration_seconds_count\{type="sku-import"\} 1$/m);
    for (const name of [
      'ddd_kit_outbox_pending_messages',
      'ddd_kit_outbox_published_total',
      'ddd_kit_projector_events_applied_total',
      'ddd_kit_projector_lag_events',
      'ddd_kit_cache_hits_total',
      'process_cpu_user_seconds_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // Raw URLs never become label values.
    expect(text).not.toContain('0190b1d5-0000');
  }, 30_000);

  it('lists projector status and retries parked events, without a tenant', async () => {
    const list = await wms.request({ method: 'GET', url: '/api/v1/projectors', tenant: null });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['stock-levels']),
    );
    for (const projector of list.body.items) {
      expect(projector).toMatchObject({
        name: expect.any(String),
        source: 'outbox',
        running: true,
        lag: { events: expect.any(Number), seconds: expect.any(Number) },
        parked: expect.any(Number),
      });
    }
    const [first] = list.body.items;
    if (first) {
      const one = await wms.request({ method: 'GET', url: `/api/v1/projectors/${first.name}`, tenant: null });
      expect(one.body.name).toBe(first.name);
      const retried = await wms.request({
        method: 'POST',
        url: `/api/v1/projectors/${first.name}/retry`,
        tenant: null,
      });
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual({ projector: first.name, applied: 0, parked: 0 });
    }
    const unknown = await wms.request({ method: 'POST', url: '/api/v1/projectors/nope/retry', tenant: null });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('PROJECTOR_NOT_FOUND');
  });
});

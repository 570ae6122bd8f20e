import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS operations while Redis is away', () => {
  let wms: WmsTestApp;

  beforeAll(async () => {
    // Nothing listens on port 1: Redis is "down" from the start.
    wms = await startWmsTestApp({ REDIS_URL: 'redis://127.0.0.1:1', HEALTH_TIMEOUT_MS: '500' });
  }, 60_000);
  afterAll(async () => {
    await wms?.close();
  }, 30_000);

  it('answers /health with 503, the database up and Redis down', async () => {
    const health = await wms.request({ method: 'GET', url: '/health', tenant: null });
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down' } },
      details: { database: { status: 'up' }, redis: { status: 'down' } },
    });
  });

  it('still serves /metrics', async () => {
    const metrics = await wms.request({ method: 'GET', url: '/metrics', tenant: null });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('http_requests_total{method="GET",route="/health",status="503"} 1');
  });
});

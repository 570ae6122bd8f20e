import { createTestDatabase, type TestDatabase } from '@ddd-kit/testing';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.fixture.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

/**
 * Fault suite, PostgreSQL restart: reads served by the read models (which query the connection
 * outside a unit of work) answered 500 INTERNAL with the driver's raw ECONNREFUSED while the
 * database was away. Every request must answer 503 DATABASE_UNAVAILABLE instead, and work again
 * once the database is back.
 */
describe('WMS while the database is unreachable', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let wms: WmsTestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    wms = await startWmsTestApp({ DATABASE_URL: url.toString() });
  }, 60_000);
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await wms?.close();
    await proxy?.close();
    await database?.drop();
  }, 30_000);

  it('answers reads and writes 503 DATABASE_UNAVAILABLE, and 200 once it is back', async () => {
    expect((await wms.request({ method: 'GET', url: '/api/v1/stock' })).status).toBe(200);
    await proxy.cut();
    try {
      // Queries not asked before, so that no cached answer hides the outage.
      const reads = [
        await wms.request({ method: 'GET', url: '/api/v1/stock?sku=OUTAGE-1' }),
        await wms.request({ method: 'GET', url: '/api/v1/orders/01a1fbfd-a71d-75e2-94dd-0388151e8e4d' }),
      ];
      const write = await wms.request({
        method: 'POST',
        url: '/api/v1/skus',
        body: { code: 'OUTAGE-1', name: 'outage', uom: 'EA' },
      });
      for (const answer of [...reads, write]) {
        expect({ status: answer.status, code: answer.body?.code }).toEqual({
          status: 503,
          code: 'DATABASE_UNAVAILABLE',
        });
      }
    } finally {
      await proxy.restore();
    }
    expect((await wms.request({ method: 'GET', url: '/api/v1/stock' })).status).toBe(200);
  }, 60_000);
});

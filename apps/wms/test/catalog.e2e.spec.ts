import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS catalog API', () => {
  let wms: WmsTestApp;

  beforeAll(async () => {
    wms = await startWmsTestApp();
  }, 60_000);
  afterAll(async () => {
    await wms?.close();
  });

  it('registers a SKU and lists it, per tenant', async () => {
    const created = await wms.request({
      method: 'POST',
      url: '/api/v1/skus',
      body: { code: 'SKU-1', name: 'Widget', uom: 'EA' },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(String));
    const list = await wms.request({ method: 'GET', url: '/api/v1/skus?sort=-code' });
    expect(list.body).toMatchObject({ total: 1, items: [{ code: 'SKU-1', name: 'Widget', uom: 'EA' }] });
    const other = await wms.request({ method: 'GET', url: '/api/v1/skus', tenant: 'globex' });
    expect(other.body).toMatchObject({ total: 0, items: [] });
  }, 30_000);

  it('answers a taken code with 409 SKU_CODE_TAKEN, localized, and writes nothing', async () => {
    const body = { code: 'SKU-2', name: 'Gadget', uom: 'EA' };
    expect((await wms.request({ method: 'POST', url: '/api/v1/skus', body })).status).toBe(201);
    const again = await wms.request({
      method: 'POST',
      url: '/api/v1/skus',
      body,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'SKU_CODE_TAKEN', message: '该 SKU 编码已被使用。' });
    expect(again.body.correlationId).toEqual(expect.any(String));
    expect(again.body.timestamp).toEqual(expect.any(String));
    const list = await wms.request({ method: 'GET', url: '/api/v1/skus' });
    expect(list.body.items.filter((sku: { code: string }) => sku.code === 'SKU-2')).toHaveLength(1);
  }, 30_000);

  it('rejects unknown fields and bad values with localized details, and no stack or SQL', async () => {
    const bad = await wms.request({
      method: 'POST',
      url: '/api/v1/skus',
      body: { code: 'a b', name: '', uom: 'XX', evil: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'code',
      'evil',
      'name',
      'uom',
    ]);
    expect(bad.text).not.toMatch(/at .*\.(ts|js):\d+|select |insert /i);
    const sort = await wms.request({ method: 'GET', url: '/api/v1/skus?sort=password' });
    expect(sort.status).toBe(400);
    expect(sort.body.code).toBe('SORT_FIELD_NOT_ALLOWED');
    const noTenant = await wms.request({ method: 'GET', url: '/api/v1/skus', tenant: null });
    expect(noTenant.status).toBe(400);
    expect(noTenant.body.code).toBe('TENANT_REQUIRED');
    const malformed = await wms.request({ method: 'POST', url: '/api/v1/skus', body: '{"code":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_REQUEST');
  }, 30_000);

  it('serves OpenAPI at /docs', async () => {
    const docs = await wms.request({ method: 'GET', url: '/docs-json', tenant: null });
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/skus', '/api/v1/locations']),
    );
  }, 30_000);
});

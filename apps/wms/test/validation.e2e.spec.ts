import { createLocations, expectStatus, receiveStock, registerSkus, stockRows } from './wms-fixtures.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS input validation', () => {
  let wms: WmsTestApp;

  beforeAll(async () => {
    wms = await startWmsTestApp();
    await registerSkus(wms, ['VA-A']);
    await createLocations(wms, ['VA-1', 'VA-2']);
    await receiveStock(wms, [{ sku: 'VA-A', location: 'VA-1', quantity: 2 }]);
  }, 60_000);
  afterAll(async () => {
    await wms?.close();
  });

  const line = (quantity: unknown) => ({ sku: 'VA-A', quantity });

  it('limits a document to 500 lines, and needs at least one', async () => {
    const lines = Array.from({ length: 501 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }));
    for (const url of ['/api/v1/receipts', '/api/v1/orders']) {
      const tooMany = await wms.request({ method: 'POST', url, body: { reference: 'V-1', lines } });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.details).toContainEqual(
        expect.objectContaining({ field: 'lines', rule: 'arrayMaxSize' }),
      );
      const none = await wms.request({ method: 'POST', url, body: { reference: 'V-1', lines: [] } });
      expect(none.status).toBe(400);
      expect(none.body.details).toContainEqual(
        expect.objectContaining({ field: 'lines', rule: 'arrayMinSize' }),
      );
    }
  }, 30_000);

  it('accepts whole quantities from 1 to 1e9 only', async () => {
    for (const quantity of [0, -1, 1_000_000_001, 1.5, '5', null]) {
      const order = await wms.request({
        method: 'POST',
        url: '/api/v1/orders',
        body: { reference: 'V-2', lines: [line(quantity)] },
      });
      expect({ quantity, status: order.status, code: order.body.code }).toEqual({
        quantity,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(order.body.details[0].field).toBe('lines.0.quantity');
      const move = await wms.request({
        method: 'POST',
        url: '/api/v1/stock/moves',
        body: { sku: 'VA-A', from: 'VA-1', to: 'VA-2', quantity },
      });
      expect(move.status).toBe(400);
    }
    expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/orders',
        body: { reference: 'V-MAX', lines: [line(1_000_000_000)] },
      }),
      201,
    );
  }, 30_000);

  it('rejects unknown fields, at the top and inside lines', async () => {
    const top = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/moves',
      body: { sku: 'VA-A', from: 'VA-1', to: 'VA-2', quantity: 1, force: true },
    });
    expect(top.status).toBe(400);
    expect(top.body.details).toContainEqual(
      expect.objectContaining({ field: 'force', rule: 'whitelistValidation' }),
    );
    const nested = await wms.request({
      method: 'POST',
      url: '/api/v1/receipts',
      body: { reference: 'V-3', lines: [{ sku: 'VA-A', quantity: 1, price: 3 }] },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.details).toContainEqual(
      expect.objectContaining({ field: 'lines.0.price', rule: 'whitelistValidation' }),
    );
    const lineNotObject = await wms.request({
      method: 'POST',
      url: '/api/v1/orders',
      body: { reference: 'V-4', lines: ['VA-A'] },
    });
    expect(lineNotObject.status).toBe(400);
  }, 30_000);

  it('checks codes: 1–64 characters of letters, digits, ".", "_" and "-"', async () => {
    for (const code of ['', 'a b', 'x'.repeat(65), 'DROP;TABLE', 'é']) {
      const response = await wms.request({
        method: 'POST',
        url: '/api/v1/stock/moves',
        body: { sku: code, from: 'VA-1', to: 'VA-2', quantity: 1 },
      });
      expect({ code, status: response.status }).toEqual({ code, status: 400 });
    }
    const query = await wms.request({ method: 'GET', url: '/api/v1/stock?sku=a%20b' });
    expect(query.status).toBe(400);
    const size = await wms.request({ method: 'GET', url: '/api/v1/stock?size=101' });
    expect(size.status).toBe(400);
  }, 30_000);

  it('answers a malformed id with 400, not 500', async () => {
    for (const url of [
      '/api/v1/orders/not-a-uuid',
      '/api/v1/orders/123/allocate',
      '/api/v1/receipts/%27%20or%201=1--/receive',
    ]) {
      const response = await wms.request({
        method: url.endsWith('not-a-uuid') ? 'GET' : 'POST',
        url,
        ...(url.includes('receipts')
          ? { body: { lines: [{ sku: 'VA-A', quantity: 1, location: 'VA-1' }] } }
          : {}),
      });
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
      expect(response.body.details).toContainEqual(expect.objectContaining({ field: 'id', rule: 'isUuid' }));
    }
  }, 30_000);

  it('localizes INSUFFICIENT_STOCK in Chinese (zh-CN) and changes nothing', async () => {
    const before = await stockRows(wms);
    const response = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/moves',
      body: { sku: 'VA-A', from: 'VA-1', to: 'VA-2', quantity: 3 },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      message: 'VA-A 库存不足：需要 3，可用 2。',
    });
    expect(response.body.correlationId).toEqual(expect.any(String));
    expect(await stockRows(wms)).toEqual(before);
  }, 30_000);

  it('documents the new endpoints in OpenAPI', async () => {
    const docs = await wms.request({ method: 'GET', url: '/docs-json', tenant: null });
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/stock',
        '/api/v1/stock/moves',
        '/api/v1/receipts',
        '/api/v1/receipts/{id}/receive',
        '/api/v1/orders',
        '/api/v1/orders/{id}',
        '/api/v1/orders/{id}/allocate',
        '/api/v1/orders/{id}/pick',
        '/api/v1/orders/{id}/ship',
        '/api/v1/orders/{id}/cancel',
      ]),
    );
    expect(docs.body.components.schemas.PlaceOrderDto.properties.lines).toMatchObject({
      maxItems: 500,
      minItems: 1,
    });
  }, 30_000);
});

import { createLocations, expectStatus, receiveStock, registerSkus, stockRow } from './wms-fixtures.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS tenant isolation of stock, receipts and orders', () => {
  let wms: WmsTestApp;
  let orderId: string;
  let receiptId: string;
  let token: string;

  beforeAll(async () => {
    wms = await startWmsTestApp();
    await registerSkus(wms, ['TI-A'], 'acme');
    await createLocations(wms, ['TI-1', 'TI-2'], 'acme');
    await receiveStock(wms, [{ sku: 'TI-A', location: 'TI-1', quantity: 5 }], 'acme');
    const placed = expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/orders',
        body: { reference: 'TI-SO', lines: [{ sku: 'TI-A', quantity: 2 }] },
        tenant: 'acme',
      }),
      201,
    );
    orderId = String(placed.body.id);
    token = String(placed.headers['x-consistency-token']);
    const receipt = expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/receipts',
        body: { reference: 'TI-PO', lines: [{ sku: 'TI-A', quantity: 2 }] },
        tenant: 'acme',
      }),
      201,
    );
    receiptId = String(receipt.body.id);
  }, 60_000);
  afterAll(async () => {
    await wms?.close();
  });

  it('another tenant sees none of the stock', async () => {
    const mine = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?sku=TI-A',
      tenant: 'acme',
      headers: { 'x-consistency-token': token },
    });
    expect(mine.body.total).toBe(1);
    const theirs = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?sku=TI-A',
      tenant: 'globex',
      headers: { 'x-consistency-token': token },
    });
    expect(theirs.body).toMatchObject({ total: 0, items: [] });
    const cachedTheirs = await wms.request({ method: 'GET', url: '/api/v1/stock', tenant: 'globex' });
    expect(cachedTheirs.body).toMatchObject({ total: 0, items: [] });
  }, 30_000);

  it('another tenant cannot see or touch the order (404), and nothing changes', async () => {
    const view = await wms.request({
      method: 'GET',
      url: `/api/v1/orders/${orderId}`,
      tenant: 'globex',
      headers: { 'x-consistency-token': token },
    });
    expect(view.status).toBe(404);
    for (const action of ['allocate', 'pick', 'ship', 'cancel']) {
      const response = await wms.request({
        method: 'POST',
        url: `/api/v1/orders/${orderId}/${action}`,
        tenant: 'globex',
      });
      expect({ action, status: response.status, code: response.body.code }).toEqual({
        action,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    const own = await wms.request({
      method: 'GET',
      url: `/api/v1/orders/${orderId}`,
      tenant: 'acme',
      headers: { 'x-consistency-token': token },
    });
    expect(own.body).toMatchObject({ status: 'PLACED' });
    expect(await stockRow(wms, 'TI-1', 'TI-A', 'acme')).toMatchObject({ onHand: 5, reserved: 0 });
  }, 30_000);

  it('another tenant cannot move the stock or receive on the receipt (404)', async () => {
    const move = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/moves',
      body: { sku: 'TI-A', from: 'TI-1', to: 'TI-2', quantity: 1 },
      tenant: 'globex',
    });
    expect(move.status).toBe(404);
    expect(move.body.code).toBe('UNKNOWN_SKU');
    const receive = await wms.request({
      method: 'POST',
      url: `/api/v1/receipts/${receiptId}/receive`,
      body: { lines: [{ sku: 'TI-A', quantity: 1, location: 'TI-1' }] },
      tenant: 'globex',
    });
    expect(receive.status).toBe(404);
    const read = await wms.request({ method: 'GET', url: `/api/v1/receipts/${receiptId}`, tenant: 'globex' });
    expect(read.status).toBe(404);
    expect(await stockRow(wms, 'TI-1', 'TI-A', 'acme')).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await stockRow(wms, 'TI-1', 'TI-A', 'globex')).toBeUndefined();
  }, 30_000);

  it('the same codes in another tenant are separate stock', async () => {
    await registerSkus(wms, ['TI-A'], 'globex');
    await createLocations(wms, ['TI-1'], 'globex');
    const theirToken = await receiveStock(wms, [{ sku: 'TI-A', location: 'TI-1', quantity: 1 }], 'globex');
    const theirs = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?sku=TI-A',
      tenant: 'globex',
      headers: { 'x-consistency-token': theirToken },
    });
    expect(theirs.body.items).toEqual([
      { sku: 'TI-A', location: 'TI-1', onHand: 1, reserved: 0, available: 1 },
    ]);
    expect(await stockRow(wms, 'TI-1', 'TI-A', 'acme')).toMatchObject({ onHand: 5 });
  }, 30_000);
});

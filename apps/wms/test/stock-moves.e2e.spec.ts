import {
  createLocations,
  expectStatus,
  receiveStock,
  registerSkus,
  stockRow,
  stockRows,
} from './wms-fixtures.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS stock moves and adjustments', () => {
  let wms: WmsTestApp;

  beforeAll(async () => {
    wms = await startWmsTestApp();
    await registerSkus(wms, ['MV-A', 'MV-B']);
    await createLocations(wms, ['MV-1', 'MV-2', { code: 'MV-TINY', capacity: 5 }]);
    await receiveStock(wms, [
      { sku: 'MV-A', location: 'MV-1', quantity: 10 },
      { sku: 'MV-B', location: 'MV-1', quantity: 3 },
    ]);
  }, 60_000);
  afterAll(async () => {
    await wms?.close();
  });

  it('moves stock between two locations in one transaction and projects both levels', async () => {
    const moved = expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/stock/moves',
        body: { sku: 'MV-A', from: 'MV-1', to: 'MV-2', quantity: 4 },
      }),
      200,
    );
    expect(moved.body).toEqual({
      from: { sku: 'MV-A', location: 'MV-1', onHand: 6, reserved: 0, available: 6 },
      to: { sku: 'MV-A', location: 'MV-2', onHand: 4, reserved: 0, available: 4 },
    });
    const levels = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?sku=MV-A',
      headers: { 'x-consistency-token': String(moved.headers['x-consistency-token']) },
    });
    expect(levels.headers['x-stale']).toBeUndefined();
    expect(levels.body.items).toEqual([
      { sku: 'MV-A', location: 'MV-1', onHand: 6, reserved: 0, available: 6 },
      { sku: 'MV-A', location: 'MV-2', onHand: 4, reserved: 0, available: 4 },
    ]);
    const byLocation = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?location=MV-1&size=1&page=2',
      headers: { 'x-consistency-token': String(moved.headers['x-consistency-token']) },
    });
    expect(byLocation.body).toEqual({
      items: [{ sku: 'MV-B', location: 'MV-1', onHand: 3, reserved: 0, available: 3 }],
      total: 2,
      page: 2,
      size: 1,
    });
  }, 30_000);

  it('answers a move beyond the available stock with 409 INSUFFICIENT_STOCK and changes nothing', async () => {
    const before = await stockRows(wms);
    const short = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/moves',
      body: { sku: 'MV-B', from: 'MV-1', to: 'MV-2', quantity: 4 },
    });
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      message: 'Not enough stock of MV-B: 4 requested, 3 available.',
    });
    const fromNowhere = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/moves',
      body: { sku: 'MV-B', from: 'MV-2', to: 'MV-1', quantity: 1 },
    });
    expect(fromNowhere.status).toBe(409);
    expect(fromNowhere.body.code).toBe('INSUFFICIENT_STOCK');
    // Not even the destination's empty stock item was left behind.
    expect(await stockRows(wms)).toEqual(before);
  }, 30_000);

  it('refuses a move to the same location, to an unknown location and beyond capacity', async () => {
    const same = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/moves',
      body: { sku: 'MV-A', from: 'MV-1', to: 'MV-1', quantity: 1 },
    });
    expect(same.status).toBe(400);
    expect(same.body.code).toBe('SAME_LOCATION');
    const unknown = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/moves',
      body: { sku: 'MV-A', from: 'MV-1', to: 'MV-NONE', quantity: 1 },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('UNKNOWN_LOCATION');
    const full = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/moves',
      body: { sku: 'MV-A', from: 'MV-1', to: 'MV-TINY', quantity: 6 },
    });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('LOCATION_FULL');
    expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/stock/moves',
        body: { sku: 'MV-A', from: 'MV-1', to: 'MV-TINY', quantity: 5 },
      }),
      200,
    );
    expect(await stockRow(wms, 'MV-TINY', 'MV-A')).toMatchObject({ onHand: 5 });
  }, 30_000);

  it('adjusts stock up and down, never below what is reserved or available', async () => {
    const up = expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/stock/adjustments',
        body: { sku: 'MV-B', location: 'MV-2', quantity: 7, reason: 'found in a corner' },
      }),
      200,
    );
    expect(up.body).toEqual({ sku: 'MV-B', location: 'MV-2', onHand: 7, reserved: 0, available: 7 });
    const down = expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/stock/adjustments',
        body: { sku: 'MV-B', location: 'MV-2', quantity: -2, reason: 'damaged' },
      }),
      200,
    );
    expect(down.body.onHand).toBe(5);
    const tooMuch = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/adjustments',
      body: { sku: 'MV-B', location: 'MV-2', quantity: -6, reason: 'count' },
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('INSUFFICIENT_STOCK');
    const zero = await wms.request({
      method: 'POST',
      url: '/api/v1/stock/adjustments',
      body: { sku: 'MV-B', location: 'MV-2', quantity: 0, reason: 'count' },
    });
    expect(zero.status).toBe(400);
    expect(await stockRow(wms, 'MV-2', 'MV-B')).toMatchObject({ onHand: 5, reserved: 0 });
  }, 30_000);
});

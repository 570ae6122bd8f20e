import {
  createLocations,
  expectStatus,
  receiveStock,
  registerSkus,
  stockRow,
  stockRows,
} from './wms-fixtures.js';
import { startWmsTestApp, type WmsTestApp } from './wms-test-app.js';

describe('WMS inbound API', () => {
  let wms: WmsTestApp;

  beforeAll(async () => {
    wms = await startWmsTestApp();
    await registerSkus(wms, ['IN-A', 'IN-B', 'IN-C']);
    await createLocations(wms, ['RCV-1', 'RCV-2', { code: 'SMALL', capacity: 10 }]);
  }, 60_000);
  afterAll(async () => {
    await wms?.close();
  });

  it('receives a receipt into a location, and the stock levels read model shows it (read-your-writes)', async () => {
    const created = expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/receipts',
        body: {
          reference: 'PO-1',
          lines: [
            { sku: 'IN-A', quantity: 10 },
            { sku: 'IN-B', quantity: 4 },
          ],
        },
      }),
      201,
    );
    expect(created.body.id).toEqual(expect.any(String));
    const received = expectStatus(
      await wms.request({
        method: 'POST',
        url: `/api/v1/receipts/${created.body.id}/receive`,
        body: {
          lines: [
            { sku: 'IN-A', quantity: 6, location: 'RCV-1' },
            { sku: 'IN-A', quantity: 1, location: 'RCV-2' },
          ],
        },
      }),
      200,
    );
    expect(received.body).toEqual({ id: created.body.id, status: 'RECEIVING' });
    const token = received.headers['x-consistency-token'];
    expect(token).toEqual(expect.any(String));

    const levels = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?sku=IN-A',
      headers: { 'x-consistency-token': String(token) },
    });
    expect(levels.status).toBe(200);
    expect(levels.headers['x-stale']).toBeUndefined();
    expect(levels.body).toEqual({
      items: [
        { sku: 'IN-A', location: 'RCV-1', onHand: 6, reserved: 0, available: 6 },
        { sku: 'IN-A', location: 'RCV-2', onHand: 1, reserved: 0, available: 1 },
      ],
      total: 2,
      page: 1,
      size: 20,
    });
    expect(await stockRow(wms, 'RCV-1', 'IN-A')).toEqual({
      location: 'RCV-1',
      sku: 'IN-A',
      onHand: 6,
      reserved: 0,
    });

    const receipt = await wms.request({ method: 'GET', url: `/api/v1/receipts/${created.body.id}` });
    expect(receipt.body).toMatchObject({
      reference: 'PO-1',
      status: 'RECEIVING',
      lines: [
        { sku: 'IN-A', expected: 10, received: 7 },
        { sku: 'IN-B', expected: 4, received: 0 },
      ],
    });
  }, 30_000);

  it('closes a receipt once every line has arrived, then refuses more', async () => {
    const created = expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/receipts',
        body: { reference: 'PO-2', lines: [{ sku: 'IN-C', quantity: 3 }] },
      }),
      201,
    );
    const url = `/api/v1/receipts/${created.body.id}/receive`;
    // Two lines for one place in one receiving: one stock item, both quantities.
    const body = {
      lines: [
        { sku: 'IN-C', quantity: 2, location: 'RCV-1' },
        { sku: 'IN-C', quantity: 1, location: 'RCV-1' },
      ],
    };
    expect((await wms.request({ method: 'POST', url, body })).body.status).toBe('CLOSED');
    const again = await wms.request({ method: 'POST', url, body });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RECEIPT_CLOSED');
    expect((await stockRow(wms, 'RCV-1', 'IN-C'))?.onHand).toBe(3);
  }, 30_000);

  it('refuses unknown SKUs and locations, unexpected lines, taken references and full locations, writing nothing', async () => {
    const unknownSku = await wms.request({
      method: 'POST',
      url: '/api/v1/receipts',
      body: { reference: 'PO-X', lines: [{ sku: 'NOPE', quantity: 1 }] },
    });
    expect(unknownSku.status).toBe(404);
    expect(unknownSku.body).toMatchObject({ code: 'UNKNOWN_SKU', message: 'SKU NOPE does not exist.' });

    const created = expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/receipts',
        body: {
          reference: 'PO-3',
          lines: [
            { sku: 'IN-A', quantity: 100 },
            { sku: 'IN-B', quantity: 100 },
          ],
        },
      }),
      201,
    );
    const taken = await wms.request({
      method: 'POST',
      url: '/api/v1/receipts',
      body: { reference: 'PO-3', lines: [{ sku: 'IN-A', quantity: 1 }] },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('RECEIPT_REFERENCE_TAKEN');

    const before = await stockRows(wms);
    const url = `/api/v1/receipts/${created.body.id}/receive`;
    const unknownLocation = await wms.request({
      method: 'POST',
      url,
      body: {
        lines: [
          { sku: 'IN-A', quantity: 1, location: 'RCV-1' },
          { sku: 'IN-B', quantity: 1, location: 'NOWHERE' },
        ],
      },
    });
    expect(unknownLocation.status).toBe(404);
    expect(unknownLocation.body.code).toBe('UNKNOWN_LOCATION');

    const unexpected = await wms.request({
      method: 'POST',
      url,
      body: { lines: [{ sku: 'IN-C', quantity: 1, location: 'RCV-1' }] },
    });
    expect(unexpected.status).toBe(409);
    expect(unexpected.body.code).toBe('RECEIPT_LINE_UNEXPECTED');

    // SMALL holds 10 units across SKUs.
    const full = await wms.request({
      method: 'POST',
      url,
      body: {
        lines: [
          { sku: 'IN-A', quantity: 6, location: 'SMALL' },
          { sku: 'IN-B', quantity: 5, location: 'SMALL' },
        ],
      },
    });
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({
      code: 'LOCATION_FULL',
      message: 'Location SMALL has room for 10 more, 11 requested.',
    });
    expect(await stockRows(wms)).toEqual(before);

    expectStatus(
      await wms.request({
        method: 'POST',
        url,
        body: {
          lines: [
            { sku: 'IN-A', quantity: 6, location: 'SMALL' },
            { sku: 'IN-B', quantity: 4, location: 'SMALL' },
          ],
        },
      }),
      200,
    );
    const fuller = await wms.request({
      method: 'POST',
      url,
      body: { lines: [{ sku: 'IN-A', quantity: 1, location: 'SMALL' }] },
    });
    expect(fuller.status).toBe(409);
    expect(fuller.body.code).toBe('LOCATION_FULL');

    const missing = await wms.request({
      method: 'POST',
      url: '/api/v1/receipts/0190f2a4-0000-7000-8000-000000000000/receive',
      body: { lines: [{ sku: 'IN-A', quantity: 1, location: 'RCV-1' }] },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  }, 30_000);

  it('serves stock levels from the cache and drops them when the projector applies a change', async () => {
    await registerSkus(wms, ['IN-CACHE']);
    const first = await receiveStock(wms, [{ sku: 'IN-CACHE', location: 'RCV-2', quantity: 5 }]);
    const fresh = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?location=RCV-2',
      headers: { 'x-consistency-token': first },
    });
    expect(fresh.body.items).toContainEqual(expect.objectContaining({ sku: 'IN-CACHE', onHand: 5 }));
    // Cached now (no token); a second read is the same.
    const cached = await wms.request({ method: 'GET', url: '/api/v1/stock?location=RCV-2' });
    expect(cached.body).toEqual(fresh.body);

    await receiveStock(wms, [{ sku: 'IN-CACHE', location: 'RCV-2', quantity: 2 }]);
    const deadline = Date.now() + 5_000;
    let onHand: number | undefined;
    while (Date.now() < deadline) {
      const page = await wms.request({ method: 'GET', url: '/api/v1/stock?location=RCV-2' });
      onHand = page.body.items.find((item: { sku: string }) => item.sku === 'IN-CACHE')?.onHand;
      if (onHand === 7) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(onHand).toBe(7);
  }, 30_000);
});

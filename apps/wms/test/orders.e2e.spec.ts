import {
  createLocations,
  expectStatus,
  receiveStock,
  registerSkus,
  stockRow,
  stockRows,
} from './wms-fixtures.js';
import { startWmsTestApp, type WmsResponse, type WmsTestApp } from './wms-test-app.js';

describe('WMS orders', () => {
  let wms: WmsTestApp;
  let references = 0;

  beforeAll(async () => {
    wms = await startWmsTestApp();
    await registerSkus(wms, ['OR-A', 'OR-B', 'OR-C']);
    await createLocations(wms, ['OR-1', 'OR-2']);
    await receiveStock(wms, [
      { sku: 'OR-A', location: 'OR-1', quantity: 6 },
      { sku: 'OR-A', location: 'OR-2', quantity: 4 },
      { sku: 'OR-B', location: 'OR-1', quantity: 5 },
      { sku: 'OR-C', location: 'OR-2', quantity: 2 },
    ]);
  }, 60_000);
  afterAll(async () => {
    await wms?.close();
  });

  async function placeOrder(lines: { sku: string; quantity: number }[]): Promise<WmsResponse> {
    return expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/orders',
        body: { reference: `SO-${++references}`, lines },
      }),
      201,
    );
  }

  async function place(lines: { sku: string; quantity: number }[]): Promise<string> {
    return String((await placeOrder(lines)).body.id);
  }

  function act(id: string, action: 'allocate' | 'pick' | 'ship' | 'cancel'): Promise<WmsResponse> {
    return wms.request({ method: 'POST', url: `/api/v1/orders/${id}/${action}` });
  }

  async function view(id: string, after: WmsResponse): Promise<WmsResponse> {
    const token = after.headers['x-consistency-token'];
    expect(token).toEqual(expect.any(String));
    const response = await wms.request({
      method: 'GET',
      url: `/api/v1/orders/${id}`,
      headers: { 'x-consistency-token': String(token) },
    });
    expect(response.headers['x-stale']).toBeUndefined();
    return response;
  }

  it('places, allocates across two stock items, picks and ships; stock goes down; the view follows', async () => {
    const id = await place([
      { sku: 'OR-A', quantity: 8 },
      { sku: 'OR-B', quantity: 1 },
    ]);
    const allocated = expectStatus(await act(id, 'allocate'), 200);
    expect(allocated.body).toEqual({ id, status: 'ALLOCATED' });
    expect(await stockRows(wms)).toEqual(
      expect.arrayContaining([
        { location: 'OR-1', sku: 'OR-A', onHand: 6, reserved: 6 },
        { location: 'OR-2', sku: 'OR-A', onHand: 4, reserved: 2 },
        { location: 'OR-1', sku: 'OR-B', onHand: 5, reserved: 1 },
      ]),
    );
    const allocatedView = await view(id, allocated);
    expect(allocatedView.status).toBe(200);
    expect(allocatedView.body).toMatchObject({
      id,
      status: 'ALLOCATED',
      lines: [
        { sku: 'OR-A', quantity: 8 },
        { sku: 'OR-B', quantity: 1 },
      ],
    });
    expect(allocatedView.body.placedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(allocatedView.body.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(allocatedView.body.placedAt),
    );
    expect(allocatedView.body.allocations).toEqual(
      expect.arrayContaining([
        { sku: 'OR-A', location: 'OR-1', quantity: 6 },
        { sku: 'OR-A', location: 'OR-2', quantity: 2 },
        { sku: 'OR-B', location: 'OR-1', quantity: 1 },
      ]),
    );

    expect((await act(id, 'ship')).body.code).toBe('ORDER_STATUS_INVALID');
    expect(expectStatus(await act(id, 'pick'), 200).body.status).toBe('PICKED');
    const shipped = expectStatus(await act(id, 'ship'), 200);
    expect(shipped.body.status).toBe('SHIPPED');
    expect(await stockRows(wms)).toEqual(
      expect.arrayContaining([
        { location: 'OR-1', sku: 'OR-A', onHand: 0, reserved: 0 },
        { location: 'OR-2', sku: 'OR-A', onHand: 2, reserved: 0 },
        { location: 'OR-1', sku: 'OR-B', onHand: 4, reserved: 0 },
      ]),
    );
    expect((await view(id, shipped)).body.status).toBe('SHIPPED');
    const levels = await wms.request({
      method: 'GET',
      url: '/api/v1/stock?sku=OR-A',
      headers: { 'x-consistency-token': String(shipped.headers['x-consistency-token']) },
    });
    expect(levels.body.items).toEqual([
      { sku: 'OR-A', location: 'OR-1', onHand: 0, reserved: 0, available: 0 },
      { sku: 'OR-A', location: 'OR-2', onHand: 2, reserved: 0, available: 2 },
    ]);
    const cancelShipped = await act(id, 'cancel');
    expect(cancelShipped.status).toBe(409);
    expect(cancelShipped.body).toMatchObject({
      code: 'ORDER_STATUS_INVALID',
      message: `Order ${id} is SHIPPED; cannot cancel.`,
    });
  }, 30_000);

  it('cancelling an allocated or picked order releases exactly its reservations', async () => {
    const before = await stockRow(wms, 'OR-1', 'OR-B');
    const id = await place([{ sku: 'OR-B', quantity: 3 }]);
    expectStatus(await act(id, 'allocate'), 200);
    expect(await stockRow(wms, 'OR-1', 'OR-B')).toEqual({ ...before, reserved: before!.reserved + 3 });
    expectStatus(await act(id, 'pick'), 200);
    const cancelled = expectStatus(await act(id, 'cancel'), 200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await stockRow(wms, 'OR-1', 'OR-B')).toEqual(before);
    const cancelledView = await view(id, cancelled);
    expect(cancelledView.body).toMatchObject({ status: 'CANCELLED', allocations: [] });

    const placedOnly = await place([{ sku: 'OR-B', quantity: 1 }]);
    expect(expectStatus(await act(placedOnly, 'cancel'), 200).body.status).toBe('CANCELLED');
    expect((await act(placedOnly, 'allocate')).body.code).toBe('ORDER_STATUS_INVALID');
  }, 30_000);

  it('allocation beyond the stock is 409 INSUFFICIENT_STOCK with nothing reserved, not even the lines that fit', async () => {
    const before = await stockRows(wms);
    const placed = await placeOrder([
      { sku: 'OR-B', quantity: 1 },
      { sku: 'OR-C', quantity: 3 },
    ]);
    const id = String(placed.body.id);
    const short = await act(id, 'allocate');
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      message: 'Not enough stock of OR-C: 3 requested, 2 available.',
    });
    expect(await stockRows(wms)).toEqual(before);
    // A refused command writes no events, so it answers no consistency token.
    expect(short.headers['x-consistency-token']).toBeUndefined();
    const placedView = await view(id, placed);
    expect(placedView.body).toMatchObject({ status: 'PLACED', allocations: [] });
  }, 30_000);

  it('refuses unknown SKUs, duplicate lines, taken references and unknown orders', async () => {
    const unknown = await wms.request({
      method: 'POST',
      url: '/api/v1/orders',
      body: { reference: 'SO-UNKNOWN', lines: [{ sku: 'OR-NONE', quantity: 1 }] },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('UNKNOWN_SKU');
    const duplicate = await wms.request({
      method: 'POST',
      url: '/api/v1/orders',
      body: {
        reference: 'SO-DUP',
        lines: [
          { sku: 'OR-A', quantity: 1 },
          { sku: 'OR-A', quantity: 2 },
        ],
      },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.code).toBe('LINE_DUPLICATE');
    const body = { reference: 'SO-TAKEN', lines: [{ sku: 'OR-A', quantity: 1 }] };
    expectStatus(await wms.request({ method: 'POST', url: '/api/v1/orders', body }), 201);
    const taken = await wms.request({ method: 'POST', url: '/api/v1/orders', body });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ORDER_REFERENCE_TAKEN');
    const missing = await act('0190f2a4-0000-7000-8000-000000000000', 'allocate');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const missingView = await wms.request({
      method: 'GET',
      url: '/api/v1/orders/0190f2a4-0000-7000-8000-000000000000',
    });
    expect(missingView.status).toBe(404);
  }, 30_000);
});

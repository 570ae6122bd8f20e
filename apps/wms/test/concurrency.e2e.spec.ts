import { setTimeout as sleep } from 'node:timers/promises';
import type { ProjectionContext } from '@ddd-kit/projector';
import { StockReserved } from '../src/inventory/domain/inventory.events.js';
import { StockLevelsProjector } from '../src/inventory/infrastructure/stock-levels.projector.js';
import { OrderAllocated, OrderPicked, OrderPlaced } from '../src/outbound/domain/outbound.events.js';
import { OrderViewProjector } from '../src/outbound/infrastructure/order-view.projector.js';
import { createLocations, expectStatus, receiveStock, registerSkus, sql, stockRow } from './wms-fixtures.js';
import { startWmsTestApp, type WmsResponse, type WmsTestApp } from './wms-test-app.js';

describe('WMS under concurrent writes', () => {
  let wms: WmsTestApp;
  let references = 0;

  beforeAll(async () => {
    wms = await startWmsTestApp();
    await registerSkus(wms, ['CC-A', 'CC-B', 'CC-C', 'CC-D', 'CC-E']);
    await createLocations(wms, ['CC-1', 'CC-2', 'CC-3', { code: 'CC-CAP', capacity: 5 }]);
  }, 60_000);
  afterAll(async () => {
    await wms?.close();
  });

  afterEach(async () => {
    // The invariants, on every stored row, whatever the test did.
    const broken = await sql<{ id: string }>(
      wms,
      'select id from stock_items where on_hand < 0 or reserved < 0 or reserved > on_hand',
    );
    expect(broken).toEqual([]);
  });

  async function placeOrders(sku: string, count: number, quantity: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const placed = await wms.request({
        method: 'POST',
        url: '/api/v1/orders',
        body: { reference: `CC-SO-${++references}`, lines: [{ sku, quantity }] },
      });
      ids.push(String(expectStatus(placed, 201).body.id));
    }
    return ids;
  }

  function allocate(id: string): Promise<WmsResponse> {
    return wms.request({ method: 'POST', url: `/api/v1/orders/${id}/allocate` });
  }

  function outcomes(responses: readonly WmsResponse[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const response of responses) {
      const key = response.status === 200 ? '200' : `${response.status} ${response.body?.code}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  it('20 concurrent allocations against one stock item: no overbooking, the losers get 409', async () => {
    await receiveStock(wms, [{ sku: 'CC-A', location: 'CC-1', quantity: 25 }]);
    const orders = await placeOrders('CC-A', 20, 3);
    const responses = await Promise.all(orders.map(allocate));
    expect(outcomes(responses)).toEqual({ '200': 8, '409 INSUFFICIENT_STOCK': 12 });
    expect(await stockRow(wms, 'CC-1', 'CC-A')).toMatchObject({ onHand: 25, reserved: 24 });
  }, 60_000);

  it('concurrent moves and allocations on one stock item share its units exactly', async () => {
    await receiveStock(wms, [{ sku: 'CC-B', location: 'CC-1', quantity: 30 }]);
    const orders = await placeOrders('CC-B', 10, 2);
    const moves = Array.from({ length: 10 }, () =>
      wms.request({
        method: 'POST',
        url: '/api/v1/stock/moves',
        body: { sku: 'CC-B', from: 'CC-1', to: 'CC-2', quantity: 2 },
      }),
    );
    const extra = Array.from({ length: 10 }, () =>
      wms.request({
        method: 'POST',
        url: '/api/v1/stock/moves',
        body: { sku: 'CC-B', from: 'CC-1', to: 'CC-3', quantity: 2 },
      }),
    );
    const responses = await Promise.all([...orders.map(allocate), ...moves, ...extra]);
    // 30 units, 30 requests of 2: exactly 15 fit, whoever wins.
    expect(outcomes(responses)).toEqual({ '200': 15, '409 INSUFFICIENT_STOCK': 15 });
    const allocated = responses.slice(0, 10).filter((response) => response.status === 200).length;
    const source = await stockRow(wms, 'CC-1', 'CC-B');
    const moved =
      ((await stockRow(wms, 'CC-2', 'CC-B'))?.onHand ?? 0) +
      ((await stockRow(wms, 'CC-3', 'CC-B'))?.onHand ?? 0);
    expect(source).toMatchObject({ onHand: 30 - moved, reserved: 2 * allocated });
    expect(source!.onHand).toBe(source!.reserved);
    expect(moved + 2 * allocated).toBe(30);
  }, 60_000);

  it('concurrent receivings create a new stock item once and respect a location capacity', async () => {
    const receipts = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const created = await wms.request({
          method: 'POST',
          url: '/api/v1/receipts',
          body: {
            reference: `CC-PO-${i}`,
            lines: [
              { sku: 'CC-C', quantity: 1 },
              { sku: 'CC-D', quantity: 1 },
            ],
          },
        });
        return String(expectStatus(created, 201).body.id);
      }),
    );
    const responses = await Promise.all(
      receipts.map((id) =>
        wms.request({
          method: 'POST',
          url: `/api/v1/receipts/${id}/receive`,
          body: {
            lines: [
              { sku: 'CC-C', quantity: 1, location: 'CC-3' },
              { sku: 'CC-D', quantity: 1, location: 'CC-CAP' },
            ],
          },
        }),
      ),
    );
    // CC-CAP holds 5: five receivings fit, the others are refused whole (CC-C included).
    expect(outcomes(responses)).toEqual({ '200': 5, '409 LOCATION_FULL': 5 });
    expect(await stockRow(wms, 'CC-3', 'CC-C')).toMatchObject({ onHand: 5 });
    expect(await stockRow(wms, 'CC-CAP', 'CC-D')).toMatchObject({ onHand: 5 });
    const [rows] = await sql<{ count: string }>(
      wms,
      `select count(*) as count from stock_items where location = 'CC-3' and sku = 'CC-C'`,
    );
    expect(Number(rows!.count)).toBe(1);
  }, 60_000);

  it('allocating one order concurrently reserves its stock once', async () => {
    await receiveStock(wms, [{ sku: 'CC-E', location: 'CC-1', quantity: 10 }]);
    const [order] = await placeOrders('CC-E', 1, 4);
    const responses = await Promise.all(Array.from({ length: 6 }, () => allocate(order!)));
    expect(outcomes(responses)).toEqual({ '200': 1, '409 ORDER_STATUS_INVALID': 5 });
    expect(await stockRow(wms, 'CC-1', 'CC-E')).toMatchObject({ onHand: 10, reserved: 4 });
  }, 60_000);

  it('the stock levels read model ends up equal to the stock items', async () => {
    const query = `select
        (select string_agg(concat_ws('|', sku, location, on_hand, reserved), ',' order by sku, location)
           from stock_items where tenant_id = 'acme') as items,
        (select string_agg(concat_ws('|', sku, location, on_hand, reserved), ',' order by sku, location)
           from stock_levels where tenant_id = 'acme' and available = on_hand - reserved) as levels`;
    const deadline = Date.now() + 10_000;
    let row: { items: string; levels: string | null } | undefined;
    while (Date.now() < deadline) {
      [row] = await sql<{ items: string; levels: string | null }>(wms, query);
      if (row?.items === row?.levels) break;
      await sleep(100);
    }
    expect(row?.levels).toBe(row?.items);
  }, 30_000);

  // The outbox source reads transactions in id order, which is not always commit order: two
  // transactions serialized on one stock item's row lock can carry ids the other way round (the
  // read-model test above caught it). The projectors must keep the newest revision regardless.
  it('the read models keep the newest revision when one aggregate’s events arrive out of order', async () => {
    const context = {
      execute: (query: string, params: unknown[] = []) => sql(wms, query, params),
    } as unknown as ProjectionContext;
    const asGlobex = { tenantId: 'globex' };
    const reserved = (revision: number, reservedUnits: number) =>
      new StockReserved({
        sku: 'OOO-A',
        location: 'OOO-1',
        onHand: 10,
        reserved: reservedUnits,
        revision,
        quantity: 3,
        orderId: 'o',
      }).recordedBy('wms.inventory.stock-item', '0190f2a4-0000-7000-8000-0000000000aa', asGlobex);
    const levels = wms.app.get(StockLevelsProjector);
    await levels.onReserved(reserved(2, 6), context);
    await levels.onReserved(reserved(1, 3), context);
    expect(
      await sql(wms, `select reserved, available, revision from stock_levels where sku = 'OOO-A'`),
    ).toEqual([{ reserved: '6', available: '4', revision: '2' }]);

    const orderId = '0190f2a4-0000-7000-8000-0000000000bb';
    const views = wms.app.get(OrderViewProjector);
    await views.onPlaced(
      new OrderPlaced({ reference: 'OOO', revision: 1, lines: [{ sku: 'OOO-A', quantity: 3 }] }).recordedBy(
        'wms.outbound.order',
        orderId,
        asGlobex,
      ),
      context,
    );
    await views.onPicked(
      new OrderPicked({ reference: 'OOO', revision: 3 }).recordedBy('wms.outbound.order', orderId, asGlobex),
      context,
    );
    await views.onAllocated(
      new OrderAllocated({ reference: 'OOO', revision: 2, allocations: [] }).recordedBy(
        'wms.outbound.order',
        orderId,
        asGlobex,
      ),
      context,
    );
    expect(await sql(wms, 'select status, revision from order_views where order_id = ?', [orderId])).toEqual([
      { status: 'PICKED', revision: 3 },
    ]);
  }, 30_000);
});

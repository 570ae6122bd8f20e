import { MikroORM } from '@mikro-orm/core';
import type { WmsResponse, WmsTestApp } from './wms-test-app.js';

/** A stock item row as stored (the write side), levels as numbers. */
export interface StockRow {
  readonly location: string;
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
}

/** Fails with the response body when the status is not the expected one. */
export function expectStatus(response: WmsResponse, status: number): WmsResponse {
  if (response.status !== status) {
    throw new Error(`Expected HTTP ${status}, got ${response.status}: ${response.text}`);
  }
  return response;
}

/** Registers SKUs (unit EA) for a tenant. */
export async function registerSkus(
  wms: WmsTestApp,
  codes: readonly string[],
  tenant = 'acme',
): Promise<void> {
  for (const code of codes) {
    expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/skus',
        body: { code, name: code, uom: 'EA' },
        tenant,
      }),
      201,
    );
  }
}

/** Creates locations (STORAGE unless said otherwise) for a tenant. */
export async function createLocations(
  wms: WmsTestApp,
  locations: readonly (string | { code: string; type?: string; capacity?: number })[],
  tenant = 'acme',
): Promise<void> {
  for (const location of locations) {
    const body = typeof location === 'string' ? { code: location } : location;
    expectStatus(
      await wms.request({
        method: 'POST',
        url: '/api/v1/locations',
        body: { type: 'STORAGE', ...body },
        tenant,
      }),
      201,
    );
  }
}

let receipts = 0;

/**
 * Puts stock in through a receipt (created and received in full).
 * @returns the receiving's consistency token
 */
export async function receiveStock(
  wms: WmsTestApp,
  lines: readonly { sku: string; location: string; quantity: number }[],
  tenant = 'acme',
): Promise<string> {
  const expected = new Map<string, number>();
  for (const line of lines) expected.set(line.sku, (expected.get(line.sku) ?? 0) + line.quantity);
  const created = expectStatus(
    await wms.request({
      method: 'POST',
      url: '/api/v1/receipts',
      body: {
        reference: `RCPT-${process.pid}-${++receipts}`,
        lines: [...expected].map(([sku, quantity]) => ({ sku, quantity })),
      },
      tenant,
    }),
    201,
  );
  const received = expectStatus(
    await wms.request({
      method: 'POST',
      url: `/api/v1/receipts/${created.body.id}/receive`,
      body: { lines },
      tenant,
    }),
    200,
  );
  return String(received.headers['x-consistency-token']);
}

/** Runs SQL against the app's database, outside any request. */
export async function sql<T extends object>(
  wms: WmsTestApp,
  query: string,
  params: unknown[] = [],
): Promise<T[]> {
  return (await wms.app.get(MikroORM).em.fork().getConnection().execute(query, params)) as T[];
}

/** The tenant's stock items as stored, by location then SKU. */
export async function stockRows(wms: WmsTestApp, tenant = 'acme'): Promise<StockRow[]> {
  const rows = await sql<{ location: string; sku: string; on_hand: string; reserved: string }>(
    wms,
    'select location, sku, on_hand, reserved from stock_items where tenant_id = ? order by location, sku',
    [tenant],
  );
  return rows.map((row) => ({
    location: row.location,
    sku: row.sku,
    onHand: Number(row.on_hand),
    reserved: Number(row.reserved),
  }));
}

/** One stock item's levels as stored, or undefined. */
export async function stockRow(
  wms: WmsTestApp,
  location: string,
  sku: string,
  tenant = 'acme',
): Promise<StockRow | undefined> {
  return (await stockRows(wms, tenant)).find((row) => row.location === location && row.sku === sku);
}

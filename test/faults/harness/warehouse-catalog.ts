import { callWms, expectAnswer } from './wms-client.js';

/** The SKUs and locations a write load works with. */
export interface WarehouseCatalog {
  readonly tenant: string;
  readonly skus: readonly string[];
  readonly locations: readonly string[];
}

/** Registers a few SKUs and storage locations for a tenant, before any fault. */
export async function seedWarehouseCatalog(
  baseUrl: string,
  options: { tenant?: string; skus?: number; locations?: number } = {},
): Promise<WarehouseCatalog> {
  const tenant = options.tenant ?? 'acme';
  const skus = Array.from({ length: options.skus ?? 8 }, (_, i) => `SKU-${i + 1}`);
  const locations = Array.from({ length: options.locations ?? 6 }, (_, i) => `LOC-${i + 1}`);
  for (const code of skus) {
    const answer = await callWms(baseUrl, {
      method: 'POST',
      path: '/api/v1/skus',
      tenant,
      body: { code, name: code, uom: 'EA' },
    });
    expectAnswer(answer, 201, `register SKU ${code}`);
  }
  for (const code of locations) {
    const answer = await callWms(baseUrl, {
      method: 'POST',
      path: '/api/v1/locations',
      tenant,
      body: { code, type: 'STORAGE' },
    });
    expectAnswer(answer, 201, `create location ${code}`);
  }
  return { tenant, skus, locations };
}

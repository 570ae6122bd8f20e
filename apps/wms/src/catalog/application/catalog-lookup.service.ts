import { Injectable } from '@nestjs/common';
import { Specification } from '@ddd-kit/core';
import { UnknownLocationError, UnknownSkuError } from '../domain/catalog.errors.js';
import type { Location } from '../domain/location.aggregate.js';
import type { Sku } from '../domain/sku.aggregate.js';
import { LocationRepository } from '../infrastructure/location.repository.js';
import { SkuRepository } from '../infrastructure/sku.repository.js';

/**
 * How the other contexts check the codes their documents name: one query per kind, and the
 * first unknown code fails the command (404, as for another tenant's data).
 */
@Injectable()
export class CatalogLookup {
  constructor(
    private readonly skus: SkuRepository,
    private readonly locations: LocationRepository,
  ) {}

  /**
   * The tenant's SKUs with these codes, by code.
   * @throws UnknownSkuError for the first code that is not registered
   */
  async requireSkus(codes: Iterable<string>): Promise<Map<string, Sku>> {
    const wanted = [...new Set(codes)];
    const found = await this.skus.find(
      Specification.where<Sku>({ code: { $in: wanted } }, (sku) => wanted.includes(sku.code)),
    );
    const byCode = new Map(found.map((sku) => [sku.code, sku]));
    const missing = wanted.find((code) => !byCode.has(code));
    if (missing !== undefined) throw new UnknownSkuError(missing);
    return byCode;
  }

  /**
   * The tenant's locations with these codes, by code.
   * @throws UnknownLocationError for the first code that does not exist
   */
  async requireLocations(codes: Iterable<string>): Promise<Map<string, Location>> {
    const wanted = [...new Set(codes)];
    const found = await this.locations.find(
      Specification.where<Location>({ code: { $in: wanted } }, (location) => wanted.includes(location.code)),
    );
    const byCode = new Map(found.map((location) => [location.code, location]));
    const missing = wanted.find((code) => !byCode.has(code));
    if (missing !== undefined) throw new UnknownLocationError(missing);
    return byCode;
  }
}

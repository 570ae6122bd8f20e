import { NotFoundError } from '@ddd-kit/core';

/** A document names a SKU the tenant has not registered (another tenant's SKU included). */
export class UnknownSkuError extends NotFoundError {
  constructor(sku: string) {
    super('UNKNOWN_SKU', { sku });
  }
}

/** A document names a location the tenant does not have (another tenant's location included). */
export class UnknownLocationError extends NotFoundError {
  constructor(location: string) {
    super('UNKNOWN_LOCATION', { location });
  }
}

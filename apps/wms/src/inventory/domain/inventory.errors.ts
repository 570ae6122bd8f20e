import { DomainError, ValidationError } from '@ddd-kit/core';

/** Fewer units are available (on hand minus reserved) than an operation needs. */
export class InsufficientStockError extends DomainError {
  constructor(params: { sku: string; location?: string; requested: number; available: number }) {
    super('INSUFFICIENT_STOCK', params);
  }
}

/** A move whose source and destination are the same location. */
export class SameLocationError extends ValidationError {
  constructor(location: string) {
    super('SAME_LOCATION', { location });
  }
}

/** Putting stock into a location would exceed its capacity. */
export class LocationFullError extends DomainError {
  constructor(location: string, room: number, requested: number) {
    super('LOCATION_FULL', { location, room, requested });
  }
}

/** Releasing or shipping more than a stock item holds reserved: the allocation is out of step. */
export class ReservationMismatchError extends DomainError {
  constructor(params: { sku: string; location: string; reserved: number; requested: number }) {
    super('STOCK_RESERVATION_MISMATCH', params);
  }
}

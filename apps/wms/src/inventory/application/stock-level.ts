import type { StockItem } from '../domain/stock-item.aggregate.js';

/** A stock item's levels, as commands answer them. */
export interface StockLevel {
  readonly sku: string;
  readonly location: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** The levels of a stock item as it stands in the unit of work. */
export function levelOf(item: StockItem): StockLevel {
  return {
    sku: item.sku,
    location: item.location,
    onHand: item.onHand,
    reserved: item.reserved,
    available: item.available,
  };
}

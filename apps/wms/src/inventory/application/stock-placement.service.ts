import { Injectable } from '@nestjs/common';
import { CatalogLookup } from '../../catalog/application/catalog-lookup.service.js';
import type { Location } from '../../catalog/domain/location.aggregate.js';
import { LocationRepository } from '../../catalog/infrastructure/location.repository.js';
import { Quantity } from '../../shared/domain/quantity.js';
import { InsufficientStockError, SameLocationError } from '../domain/inventory.errors.js';
import { assertRoomFor } from '../domain/location-capacity.js';
import type { StockItem } from '../domain/stock-item.aggregate.js';
import { StockItemRepository, type StockPlace } from '../infrastructure/stock-item.repository.js';

/** Units of a SKU put into a location. */
export interface PlacedLine extends StockPlace {
  readonly quantity: number;
}

/**
 * Puts units into locations and takes them out again: receiving, moving, adjusting. It checks
 * that SKUs and locations exist and that locations with a capacity have room, and changes every
 * stock item in the caller's unit of work (inbound's receiving joins it).
 *
 * Locks, always in this order so that commands queue instead of deadlocking: the locations with a
 * capacity that gain units (their rows, by id), then the stock items (by id). A location's lock
 * keeps others from filling it between the sum and the write.
 */
@Injectable()
export class StockPlacement {
  constructor(
    private readonly stock: StockItemRepository,
    private readonly catalog: CatalogLookup,
    private readonly locations: LocationRepository,
  ) {}

  /**
   * Receives units into locations; a stock item is created for a new (location, SKU).
   * @throws UnknownSkuError, UnknownLocationError, LocationFullError
   */
  async receive(lines: readonly PlacedLine[]): Promise<StockItem[]> {
    await this.catalog.requireSkus(lines.map((line) => line.sku));
    const known = await this.catalog.requireLocations(lines.map((line) => line.location));
    const bounded = await this.lockBounded([...known.values()]);
    await this.stock.ensure(lines);
    const items = await this.stock.lockAt(
      lines,
      bounded.map((location) => location.code),
    );
    for (const location of bounded) {
      const incoming = sum(lines.filter((line) => line.location === location.code));
      assertRoomFor(location.code, location.capacity, itemsIn(items, location.code), incoming);
    }
    return lines.map((line) => {
      const item = itemAt(items, line);
      item.receive(Quantity.positive(line.quantity));
      return item;
    });
  }

  /**
   * Moves available units of a SKU between two locations, both stock items in one transaction.
   * @throws SameLocationError, UnknownSkuError, UnknownLocationError, LocationFullError
   * @throws InsufficientStockError when the source has fewer units available
   */
  async move(
    sku: string,
    from: string,
    to: string,
    quantity: number,
  ): Promise<{ from: StockItem; to: StockItem }> {
    if (from === to) throw new SameLocationError(from);
    const units = Quantity.positive(quantity);
    await this.catalog.requireSkus([sku]);
    const known = await this.catalog.requireLocations([from, to]);
    const bounded = await this.lockBounded([...known.values()].filter((location) => location.code === to));
    await this.stock.ensure([{ location: to, sku }]);
    const items = await this.stock.lockAt(
      [
        { location: from, sku },
        { location: to, sku },
      ],
      bounded.map((location) => location.code),
    );
    const source = items.find((item) => item.location === from && item.sku === sku);
    if (!source) throw new InsufficientStockError({ sku, location: from, requested: quantity, available: 0 });
    const destination = itemAt(items, { location: to, sku });
    for (const location of bounded) assertRoomFor(to, location.capacity, itemsIn(items, to), units.value);
    source.moveTo(destination, units);
    return { from: source, to: destination };
  }

  /**
   * Corrects the units on hand of a SKU in a location by a signed `delta`.
   * @throws UnknownSkuError, UnknownLocationError, LocationFullError (delta > 0)
   * @throws InsufficientStockError when fewer than `-delta` units are available
   */
  async adjust(sku: string, location: string, delta: number, reason: string): Promise<StockItem> {
    await this.catalog.requireSkus([sku]);
    const known = await this.catalog.requireLocations([location]);
    const bounded = delta > 0 ? await this.lockBounded([...known.values()]) : [];
    await this.stock.ensure([{ location, sku }]);
    const items = await this.stock.lockAt(
      [{ location, sku }],
      bounded.map((place) => place.code),
    );
    const item = itemAt(items, { location, sku });
    for (const place of bounded) assertRoomFor(location, place.capacity, itemsIn(items, location), delta);
    item.adjust(delta, reason);
    return item;
  }

  // Locks, in id order, the locations with a capacity; re-read under the lock.
  private async lockBounded(locations: readonly Location[]): Promise<Location[]> {
    const bounded = locations
      .filter((location) => location.capacity !== null)
      .sort((a, b) => a.id.localeCompare(b.id));
    const locked: Location[] = [];
    for (const location of bounded) locked.push(await this.locations.getForUpdate(location.id));
    return locked.filter((location) => location.capacity !== null);
  }
}

function sum(lines: readonly PlacedLine[]): number {
  return lines.reduce((total, line) => total + line.quantity, 0);
}

function itemsIn(items: readonly StockItem[], location: string): StockItem[] {
  return items.filter((item) => item.location === location);
}

// `ensure` created every place before the lock, so a missing item is a bug, not bad input.
function itemAt(items: readonly StockItem[], place: StockPlace): StockItem {
  const item = items.find(
    (candidate) => candidate.location === place.location && candidate.sku === place.sku,
  );
  if (!item) throw new Error(`Stock item ${place.sku}@${place.location} vanished under its lock`);
  return item;
}

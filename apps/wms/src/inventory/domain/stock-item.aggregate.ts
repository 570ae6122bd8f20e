import { BigIntType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';
import { Aggregate, ValidationError } from '@ddd-kit/core';
import { AuditedAggregateRoot } from '@ddd-kit/database';
import { TenantId } from '@ddd-kit/tenancy';
import { QUANTITY_MAX, Quantity } from '../../shared/domain/quantity.js';
import {
  StockAdjusted,
  StockMoved,
  StockReceived,
  StockReleased,
  StockReserved,
  StockShipped,
  type StockLevelData,
} from './inventory.events.js';
import { InsufficientStockError, ReservationMismatchError, SameLocationError } from './inventory.errors.js';

/**
 * The units of one SKU in one location: `onHand` are there, `reserved` of them are promised to
 * orders, `available` may still be promised or moved. Invariants: `onHand ≥ 0` and
 * `0 ≤ reserved ≤ onHand`, checked here and again by the table's check constraints.
 *
 * Versioned (optimistic locking). Rows are created empty on first use by the repository
 * (`StockItemRepository.ensure`), so that two transactions placing the first units of a SKU in
 * a location do not race on the unique key.
 */
@Aggregate('wms.inventory.stock-item')
@Entity({ tableName: 'stock_items' })
@Unique({ name: 'stock_items_tenant_location_sku_unique', properties: ['tenantId', 'location', 'sku'] })
export class StockItem extends AuditedAggregateRoot {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = uuidv7();

  @TenantId()
  readonly tenantId!: string;

  @Property({ type: 'string', length: 64 })
  readonly location!: string;

  @Property({ type: 'string', length: 64 })
  readonly sku!: string;

  // Private: only the behaviour below changes the levels. bigint columns, so that sums of
  // quantities up to QUANTITY_MAX cannot overflow; read as numbers (safe up to 2^53).
  @Property({ type: new BigIntType('number'), fieldName: 'on_hand' })
  private onHandUnits = 0;

  @Property({ type: new BigIntType('number'), fieldName: 'reserved' })
  private reservedUnits = 0;

  // Counts the item's changes; every event carries the revision it produced. Event sources need
  // not deliver one item's events in commit order (the outbox source orders transactions by id),
  // so read models keep a level only when its revision is newer than what they have.
  @Property({ type: new BigIntType('number'), fieldName: 'revision' })
  private revisionNumber = 0;

  /** Units in the location. */
  get onHand(): number {
    return this.onHandUnits;
  }

  /** Units promised to orders. */
  get reserved(): number {
    return this.reservedUnits;
  }

  /** Units that may still be reserved, moved or adjusted away. */
  get available(): number {
    return this.onHandUnits - this.reservedUnits;
  }

  /** Units arrive (a receipt, an import). */
  receive(quantity: Quantity): void {
    this.onHandUnits = Quantity.of(this.onHandUnits).plus(quantity).value;
    this.record(new StockReceived({ ...this.changed(), quantity: quantity.value }));
  }

  /**
   * Moves available units to the same SKU's stock item in another location. Both items change
   * in the caller's unit of work and both record `StockMoved`.
   * @throws SameLocationError when `destination` is in this location
   * @throws InsufficientStockError when fewer than `quantity` units are available here
   */
  moveTo(destination: StockItem, quantity: Quantity): void {
    if (destination.sku !== this.sku) {
      throw new TypeError(`Cannot move ${this.sku} into the stock item of ${destination.sku}`);
    }
    if (destination.location === this.location) throw new SameLocationError(this.location);
    this.assertAvailable(quantity.value);
    this.onHandUnits -= quantity.value;
    destination.onHandUnits = Quantity.of(destination.onHandUnits).plus(quantity).value;
    const move = { quantity: quantity.value, from: this.location, to: destination.location };
    this.record(new StockMoved({ ...this.changed(), ...move }));
    destination.record(new StockMoved({ ...destination.changed(), ...move }));
  }

  /**
   * Corrects the units on hand (a count, damage) by a signed `delta`. Reserved units cannot be
   * adjusted away.
   * @throws ValidationError INVALID_QUANTITY for zero or a delta beyond ±QUANTITY_MAX
   * @throws InsufficientStockError when fewer than `-delta` units are available
   */
  adjust(delta: number, reason: string): void {
    if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > QUANTITY_MAX) {
      throw new ValidationError('INVALID_QUANTITY', { quantity: delta });
    }
    if (delta < 0) this.assertAvailable(-delta);
    this.onHandUnits += delta;
    this.record(new StockAdjusted({ ...this.changed(), quantity: delta, reason }));
  }

  /**
   * Promises available units to an order.
   * @throws InsufficientStockError when fewer than `quantity` units are available
   */
  reserve(quantity: Quantity, orderId: string): void {
    this.assertAvailable(quantity.value);
    this.reservedUnits += quantity.value;
    this.record(new StockReserved({ ...this.changed(), quantity: quantity.value, orderId }));
  }

  /**
   * Gives reserved units back (an order was cancelled).
   * @throws ReservationMismatchError when fewer than `quantity` units are reserved
   */
  release(quantity: Quantity, orderId: string): void {
    this.assertReserved(quantity.value);
    this.reservedUnits -= quantity.value;
    this.record(new StockReleased({ ...this.changed(), quantity: quantity.value, orderId }));
  }

  /**
   * Reserved units leave the warehouse: on hand and reserved both go down.
   * @throws ReservationMismatchError when fewer than `quantity` units are reserved
   */
  ship(quantity: Quantity, orderId: string): void {
    this.assertReserved(quantity.value);
    this.reservedUnits -= quantity.value;
    this.onHandUnits -= quantity.value;
    this.record(new StockShipped({ ...this.changed(), quantity: quantity.value, orderId }));
  }

  private assertAvailable(requested: number): void {
    if (requested > this.available) {
      throw new InsufficientStockError({
        sku: this.sku,
        location: this.location,
        requested,
        available: this.available,
      });
    }
  }

  private assertReserved(requested: number): void {
    if (requested > this.reservedUnits) {
      throw new ReservationMismatchError({
        sku: this.sku,
        location: this.location,
        reserved: this.reservedUnits,
        requested,
      });
    }
  }

  // The levels after a change, under the next revision.
  private changed(): StockLevelData {
    this.revisionNumber += 1;
    return {
      sku: this.sku,
      location: this.location,
      onHand: this.onHandUnits,
      reserved: this.reservedUnits,
      revision: this.revisionNumber,
    };
  }
}

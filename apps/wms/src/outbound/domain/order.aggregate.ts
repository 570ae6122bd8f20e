import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { v7 as uuidv7 } from 'uuid';
import { Aggregate } from '@ddd-kit/core';
import { AuditedAggregateRoot } from '@ddd-kit/database';
import { TenantId } from '@ddd-kit/tenancy';
import type { StockAllocation } from '../../inventory/domain/stock-allocator.js';
import type { Reference } from '../../shared/domain/code.js';
import { assertDistinct, assertLineCount } from '../../shared/domain/document-lines.js';
import { Quantity } from '../../shared/domain/quantity.js';
import { OrderAllocated, OrderCancelled, OrderPicked, OrderPlaced, OrderShipped } from './outbound.events.js';
import { OrderStatusInvalidError } from './outbound.errors.js';

export const ORDER_STATUSES = ['PLACED', 'ALLOCATED', 'PICKED', 'SHIPPED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What an action needs the order to be in. */
export type OrderAction = 'allocate' | 'pick' | 'ship' | 'cancel';

const ALLOWED: Readonly<Record<OrderAction, readonly OrderStatus[]>> = {
  allocate: ['PLACED'],
  pick: ['ALLOCATED'],
  ship: ['PICKED'],
  cancel: ['PLACED', 'ALLOCATED', 'PICKED'],
};

/** Units of a SKU the customer ordered. */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * A customer order (by a reference unique per tenant): PLACED → ALLOCATED → PICKED → SHIPPED, or
 * CANCELLED before shipping. The allocation (which stock items hold how many units for it) is
 * recorded on the order, so that shipping and cancelling act on exactly those reservations.
 */
@Aggregate('wms.outbound.order')
@Entity({ tableName: 'orders' })
@Unique({ name: 'orders_tenant_reference_unique', properties: ['tenantId', 'reference'] })
export class Order extends AuditedAggregateRoot {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = uuidv7();

  @TenantId()
  readonly tenantId!: string;

  @Property({ type: 'string', length: 64 })
  readonly reference: string;

  @Property({ type: 'string', length: 16, fieldName: 'status' })
  private state: OrderStatus = 'PLACED';

  @Property({ type: 'json', fieldName: 'lines' })
  private readonly lineList: OrderLine[];

  // Replaced as a whole on change, so that MikroORM sees the JSON change.
  @Property({ type: 'json', fieldName: 'allocations' })
  private allocationList: StockAllocation[] = [];

  // Counts the order's changes; every event carries the revision it produced, so that read
  // models can ignore an event that reaches them after a newer one.
  @Property({ type: 'integer', fieldName: 'revision' })
  private revisionNumber = 0;

  private constructor(reference: Reference, lines: OrderLine[]) {
    super();
    this.reference = reference.value;
    this.lineList = lines;
  }

  /**
   * @throws ValidationError TOO_MANY_LINES, LINE_DUPLICATE (one line per SKU), INVALID_QUANTITY
   */
  static place(reference: Reference, lines: readonly OrderLine[]): Order {
    assertLineCount(lines.length);
    assertDistinct(lines.map((line) => line.sku));
    const order = new Order(
      reference,
      lines.map((line) => ({ sku: line.sku, quantity: Quantity.positive(line.quantity).value })),
    );
    order.record(
      new OrderPlaced({
        reference: reference.value,
        revision: order.nextRevision(),
        lines: order.lineList.map((line) => ({ ...line })),
      }),
    );
    return order;
  }

  get status(): OrderStatus {
    return this.state;
  }

  get lines(): readonly OrderLine[] {
    return this.lineList;
  }

  /** The stock items reserved for the order and how many units each; empty unless allocated. */
  get allocations(): readonly StockAllocation[] {
    return this.allocationList;
  }

  /**
   * Checks that the order may do `action` now, before any work for it is done.
   * @throws OrderStatusInvalidError
   */
  assertCan(action: OrderAction): void {
    if (!ALLOWED[action].includes(this.state)) throw new OrderStatusInvalidError(this.id, this.state, action);
  }

  /**
   * Records the reservations made for every line (the allocation service made them, all or
   * nothing, in the same unit of work).
   * @throws OrderStatusInvalidError unless PLACED
   */
  allocate(allocations: readonly StockAllocation[]): void {
    this.assertCan('allocate');
    for (const line of this.lineList) {
      const covered = allocations
        .filter((allocation) => allocation.sku === line.sku)
        .reduce((sum, allocation) => sum + allocation.quantity, 0);
      if (covered !== line.quantity) {
        throw new TypeError(`Allocation of ${line.sku} covers ${covered} of ${line.quantity} units`);
      }
    }
    this.allocationList = allocations.map((allocation) => ({ ...allocation }));
    this.state = 'ALLOCATED';
    this.record(
      new OrderAllocated({
        reference: this.reference,
        revision: this.nextRevision(),
        allocations: this.allocationList,
      }),
    );
  }

  /** @throws OrderStatusInvalidError unless ALLOCATED */
  pick(): void {
    this.assertCan('pick');
    this.state = 'PICKED';
    this.record(new OrderPicked({ reference: this.reference, revision: this.nextRevision() }));
  }

  /**
   * Ships the order; the caller consumes exactly `allocations` from stock.
   * @throws OrderStatusInvalidError unless PICKED
   */
  ship(): void {
    this.assertCan('ship');
    this.state = 'SHIPPED';
    this.record(
      new OrderShipped({
        reference: this.reference,
        revision: this.nextRevision(),
        allocations: [...this.allocationList],
      }),
    );
  }

  /**
   * Cancels the order and gives up its allocation.
   * @returns the allocations to release from stock (none when it was not allocated)
   * @throws OrderStatusInvalidError when shipped or cancelled already
   */
  cancel(): StockAllocation[] {
    this.assertCan('cancel');
    const released = this.allocationList;
    const previousStatus = this.state;
    this.allocationList = [];
    this.state = 'CANCELLED';
    this.record(
      new OrderCancelled({
        reference: this.reference,
        revision: this.nextRevision(),
        previousStatus,
        released: [...released],
      }),
    );
    return released;
  }

  private nextRevision(): number {
    this.revisionNumber += 1;
    return this.revisionNumber;
  }
}

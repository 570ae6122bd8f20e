import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { CatalogLookup } from '../../catalog/application/catalog-lookup.service.js';
import { Reference } from '../../shared/domain/code.js';
import { Order, type OrderLine } from '../domain/order.aggregate.js';
import { OrderRepository } from '../infrastructure/order.repository.js';

export class PlaceOrder {
  constructor(
    readonly reference: string,
    readonly lines: readonly OrderLine[],
  ) {}
}

/**
 * Places an order; nothing is reserved yet. Every SKU must be registered (404 `UNKNOWN_SKU`);
 * a taken reference is a 409 `ORDER_REFERENCE_TAKEN` from the unique constraint.
 */
@CommandHandler(PlaceOrder)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrder, { id: string }> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly catalog: CatalogLookup,
  ) {}

  @Transactional()
  async execute(command: PlaceOrder): Promise<{ id: string }> {
    const order = Order.place(Reference.of(command.reference), command.lines);
    await this.catalog.requireSkus(command.lines.map((line) => line.sku));
    this.orders.add(order);
    return { id: order.id };
  }
}

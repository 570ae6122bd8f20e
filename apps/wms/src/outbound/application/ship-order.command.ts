import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { StockReservations } from '../../inventory/application/stock-reservations.service.js';
import { OrderRepository } from '../infrastructure/order.repository.js';
import type { OrderStatusResult } from './order-status.js';

export class ShipOrder {
  constructor(readonly orderId: string) {}
}

/** Ships a picked order: exactly its allocated units leave stock (on hand and reserved). */
@CommandHandler(ShipOrder)
export class ShipOrderHandler implements ICommandHandler<ShipOrder, OrderStatusResult> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly reservations: StockReservations,
  ) {}

  @Transactional({ retryOnConflict: 5 })
  async execute(command: ShipOrder): Promise<OrderStatusResult> {
    const order = await this.orders.getForUpdate(command.orderId);
    order.ship();
    await this.reservations.ship(order.id, order.allocations);
    return { id: order.id, status: order.status };
  }
}

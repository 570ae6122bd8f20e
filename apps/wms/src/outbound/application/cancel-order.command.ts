import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { StockReservations } from '../../inventory/application/stock-reservations.service.js';
import { OrderRepository } from '../infrastructure/order.repository.js';
import type { OrderStatusResult } from './order-status.js';

export class CancelOrder {
  constructor(readonly orderId: string) {}
}

/** Cancels an order that has not shipped and releases exactly its reservations. */
@CommandHandler(CancelOrder)
export class CancelOrderHandler implements ICommandHandler<CancelOrder, OrderStatusResult> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly reservations: StockReservations,
  ) {}

  @Transactional({ retryOnConflict: 5 })
  async execute(command: CancelOrder): Promise<OrderStatusResult> {
    const order = await this.orders.getForUpdate(command.orderId);
    const released = order.cancel();
    if (released.length > 0) await this.reservations.release(order.id, released);
    return { id: order.id, status: order.status };
  }
}

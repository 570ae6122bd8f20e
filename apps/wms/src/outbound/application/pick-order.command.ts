import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { OrderRepository } from '../infrastructure/order.repository.js';
import type { OrderStatusResult } from './order-status.js';

export class PickOrder {
  constructor(readonly orderId: string) {}
}

/** The allocated units were picked; stock stays reserved until shipping. */
@CommandHandler(PickOrder)
export class PickOrderHandler implements ICommandHandler<PickOrder, OrderStatusResult> {
  constructor(private readonly orders: OrderRepository) {}

  @Transactional({ retryOnConflict: 5 })
  async execute(command: PickOrder): Promise<OrderStatusResult> {
    const order = await this.orders.getForUpdate(command.orderId);
    order.pick();
    return { id: order.id, status: order.status };
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@ddd-kit/database';
import { StockReservations } from '../../inventory/application/stock-reservations.service.js';
import { OrderRepository } from '../infrastructure/order.repository.js';
import type { OrderStatusResult } from './order-status.js';

export class AllocateOrder {
  constructor(readonly orderId: string) {}
}

/**
 * Allocation as one transaction through a domain service (see apps/wms/README.md): the order is
 * locked, then the stock items of its SKUs, then every line is reserved or none is. Concurrent
 * allocations of the same SKU queue on the stock items' row locks, so each sees the previous
 * one's reservations and a shortfall is a clean 409 `INSUFFICIENT_STOCK`. Deadlocks or a stale
 * version (which the locks make unlikely) re-run the command.
 */
@CommandHandler(AllocateOrder)
export class AllocateOrderHandler implements ICommandHandler<AllocateOrder, OrderStatusResult> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly reservations: StockReservations,
  ) {}

  @Transactional({ retryOnConflict: 5 })
  async execute(command: AllocateOrder): Promise<OrderStatusResult> {
    const order = await this.orders.getForUpdate(command.orderId);
    order.assertCan('allocate');
    order.allocate(await this.reservations.reserve(order.id, order.lines));
    return { id: order.id, status: order.status };
  }
}

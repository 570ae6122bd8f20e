import type { OrderStatus } from '../domain/order.aggregate.js';

/** What the order commands answer. */
export interface OrderStatusResult {
  readonly id: string;
  readonly status: OrderStatus;
}

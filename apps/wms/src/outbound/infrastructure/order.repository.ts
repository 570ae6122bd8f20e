import { Injectable } from '@nestjs/common';
import { AggregateRepository } from '@ddd-kit/database';
import { Order } from '../domain/order.aggregate.js';

/** Orders of the current tenant (the tenant filter applies). */
@Injectable()
export class OrderRepository extends AggregateRepository<Order> {
  protected readonly entity = Order;
  protected override readonly sortable = ['reference', 'createdAt'];
}

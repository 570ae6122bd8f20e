import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { aggregateTypeOf, NotFoundError } from '@ddd-kit/core';
import { CacheService } from '@ddd-kit/cache';
import { Order } from '../domain/order.aggregate.js';
import { orderViewTag } from '../infrastructure/order-view.projector.js';
import { OrderViewReadModel, type OrderView } from '../infrastructure/order-view.read-model.js';

export class GetOrder {
  constructor(
    readonly orderId: string,
    /** Read the read model itself, not the cache (read-your-writes; see `ListStockLevels`). */
    readonly fresh = false,
  ) {}
}

/** How long an order view may be served from the cache if no event invalidates it. */
const ORDER_VIEW_TTL_MS = 30_000;

/**
 * An order from the order view read model, through the cache.
 * @throws NotFoundError when the tenant has no such order, or it is not projected yet (a
 * client that just placed it sends its consistency token to wait for it)
 */
@QueryHandler(GetOrder)
export class GetOrderHandler implements IQueryHandler<GetOrder, OrderView> {
  constructor(
    private readonly views: OrderViewReadModel,
    private readonly cache: CacheService,
  ) {}

  async execute(query: GetOrder): Promise<OrderView> {
    const load = async () => {
      const view = await this.views.find(query.orderId);
      // Thrown, so not cached: the order may be projected a moment later.
      if (!view) throw NotFoundError.of(aggregateTypeOf(Order), query.orderId);
      return view;
    };
    if (query.fresh) return load();
    return this.cache.getOrSet(`order-view:${query.orderId}`, load, {
      ttlMs: ORDER_VIEW_TTL_MS,
      tags: [orderViewTag(query.orderId)],
    });
  }
}

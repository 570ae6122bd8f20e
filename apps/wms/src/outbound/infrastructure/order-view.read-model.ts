import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { TenantContext } from '@ddd-kit/tenancy';
import type { OrderStatus } from '../domain/order.aggregate.js';

/** An order as the `order-view` projector last saw it. */
export interface OrderView {
  readonly id: string;
  readonly reference: string;
  readonly status: OrderStatus;
  readonly lines: readonly { sku: string; quantity: number }[];
  readonly allocations: readonly { sku: string; location: string; quantity: number }[];
  readonly placedAt: Date;
  readonly updatedAt: Date;
}

interface OrderViewRow {
  order_id: string;
  reference: string;
  status: OrderStatus;
  lines: OrderView['lines'];
  allocations: OrderView['allocations'];
  placed_at: string;
  updated_at: string;
}

/** Queries of the `order_views` table, for the current tenant. */
@Injectable()
export class OrderViewReadModel {
  constructor(
    private readonly em: EntityManager,
    private readonly tenants: TenantContext,
  ) {}

  /** The order's view, or `undefined` when the tenant has no such order (yet). */
  async find(orderId: string): Promise<OrderView | undefined> {
    const tenant = this.tenants.sqlPredicate();
    const [row] = (await this.em.getConnection().execute(
      // Timestamps as ISO text: raw queries get PostgreSQL's own text format otherwise.
      `select order_id, reference, status, lines, allocations,
              to_json(placed_at) #>> '{}' as placed_at, to_json(updated_at) #>> '{}' as updated_at
         from order_views where ${tenant.sql} and order_id = ?`,
      [...tenant.params, orderId],
    )) as OrderViewRow[];
    if (!row) return undefined;
    return {
      id: row.order_id,
      reference: row.reference,
      status: row.status,
      lines: row.lines,
      allocations: row.allocations,
      placedAt: new Date(row.placed_at),
      updatedAt: new Date(row.updated_at),
    };
  }
}

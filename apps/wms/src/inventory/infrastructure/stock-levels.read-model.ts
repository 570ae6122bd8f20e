import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { PageRequest } from '@ddd-kit/core';
import { TenantContext } from '@ddd-kit/tenancy';
import type { StockLevel } from '../application/stock-level.js';
import type { StockLevelsFilter } from './stock-levels.cache-tags.js';

/** One page of stock levels. */
export interface StockLevelsPage {
  readonly items: readonly StockLevel[];
  readonly total: number;
  readonly page: number;
  readonly size: number;
}

interface StockLevelRow {
  sku: string;
  location: string;
  // bigint columns arrive as strings from the driver.
  on_hand: string;
  reserved: string;
  available: string;
  total: string;
}

/** Queries of the `stock_levels` table that `StockLevelsProjector` keeps, for the current tenant. */
@Injectable()
export class StockLevelsReadModel {
  constructor(
    private readonly em: EntityManager,
    private readonly tenants: TenantContext,
  ) {}

  /** Levels by SKU then location, with the total in the same query (a window count). */
  async page(filter: StockLevelsFilter, page: PageRequest): Promise<StockLevelsPage> {
    const tenant = this.tenants.sqlPredicate();
    const conditions = [tenant.sql];
    const params: unknown[] = [...tenant.params];
    if (filter.sku !== undefined) {
      conditions.push('sku = ?');
      params.push(filter.sku);
    }
    if (filter.location !== undefined) {
      conditions.push('location = ?');
      params.push(filter.location);
    }
    const where = conditions.join(' and ');
    const rows = (await this.em.getConnection().execute(
      `select sku, location, on_hand, reserved, available, count(*) over () as total
         from stock_levels where ${where}
        order by sku, location limit ? offset ?`,
      [...params, page.size, page.offset],
    )) as StockLevelRow[];
    const total =
      rows[0] !== undefined ? Number(rows[0].total) : page.offset === 0 ? 0 : await this.count(where, params);
    return {
      items: rows.map((row) => ({
        sku: row.sku,
        location: row.location,
        onHand: Number(row.on_hand),
        reserved: Number(row.reserved),
        available: Number(row.available),
      })),
      total,
      page: page.page,
      size: page.size,
    };
  }

  // Past the last page the window count has no row to ride on.
  private async count(where: string, params: readonly unknown[]): Promise<number> {
    const [row] = (await this.em
      .getConnection()
      .execute(`select count(*) as total from stock_levels where ${where}`, [...params])) as {
      total: string;
    }[];
    return Number(row?.total ?? 0);
  }
}

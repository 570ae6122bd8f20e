import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { InfrastructureUnavailableError } from '@ddd-kit/core';
import { TenantContext } from '@ddd-kit/tenancy';

/** A SKU's stock summed over its locations. */
export interface SkuStock {
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly locations: number;
}

/** One row of the read model: a SKU at a location. */
export interface LowStockRow {
  readonly sku: string;
  readonly location: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

interface SkuStockRow {
  sku: string;
  on_hand: string;
  reserved: string;
  available: string;
  locations: string;
}

interface StockLevelRow {
  sku: string;
  location: string;
  on_hand: string | number;
  reserved: string | number;
  available: string | number;
  low_rows: string;
}

/**
 * Shortages in the stock levels read model, `stock_levels(tenant_id, sku, location, on_hand,
 * reserved, available)`, which the inventory projector keeps. Hand-written SQL, so the tenant
 * predicate is added here (MikroORM's tenant filter does not reach raw SQL). Call inside a unit
 * of work. While the table is missing (before the projector's migration, or during a rebuild's
 * switch) reads fail with a retryable `SERVICE_UNAVAILABLE`.
 */
@Injectable()
export class StockShortages {
  constructor(
    private readonly em: EntityManager,
    private readonly tenants: TenantContext,
  ) {}

  /** SKUs whose stock available over all locations is below `threshold`, lowest first. */
  async skusBelow(threshold: number, limit: number): Promise<SkuStock[]> {
    const tenant = this.tenants.sqlPredicate();
    const rows = await this.query<SkuStockRow>(
      `select sku, sum(on_hand)::text as on_hand, sum(reserved)::text as reserved,
              sum(available)::text as available, count(*)::text as locations
         from stock_levels
        where ${tenant.sql}
        group by sku
       having sum(available) < ?
        order by sum(available), sku
        limit ?`,
      [...tenant.params, threshold, limit],
    );
    return rows.map((row) => ({
      sku: row.sku,
      onHand: Number(row.on_hand),
      reserved: Number(row.reserved),
      available: Number(row.available),
      locations: Number(row.locations),
    }));
  }

  /** Rows (SKU at a location) with `available` at or below `threshold`: how many, and the lowest. */
  async lowStock(threshold: number, sample: number): Promise<{ count: number; lowest: LowStockRow[] }> {
    const tenant = this.tenants.sqlPredicate();
    const rows = await this.query<StockLevelRow>(
      `select sku, location, on_hand, reserved, available, count(*) over ()::text as low_rows
         from stock_levels
        where ${tenant.sql} and available <= ?
        order by available, sku, location
        limit ?`,
      [...tenant.params, threshold, Math.max(1, sample)],
    );
    return {
      count: rows[0] ? Number(rows[0].low_rows) : 0,
      lowest: rows.slice(0, sample).map((row) => ({
        sku: row.sku,
        location: row.location,
        onHand: Number(row.on_hand),
        reserved: Number(row.reserved),
        available: Number(row.available),
      })),
    };
  }

  private async query<T extends object>(sql: string, params: readonly unknown[]): Promise<T[]> {
    const em = this.em.getContext(false);
    try {
      const rows: unknown = await em
        .getConnection()
        .execute(sql, [...params], 'all', em.isInTransaction() ? em.getTransactionContext() : undefined);
      return rows as T[];
    } catch (error) {
      // SQLSTATE 42P01, undefined_table: raw SQL errors come from the driver unconverted.
      if ((error as { code?: unknown }).code === '42P01') {
        throw new InfrastructureUnavailableError(
          'SERVICE_UNAVAILABLE',
          { service: 'stock_levels' },
          { cause: error },
        );
      }
      throw error;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';
import { AggregateRepository, RepositoryContext } from '@ddd-kit/database';
import { TenantContext } from '@ddd-kit/tenancy';
import { StockItem } from '../domain/stock-item.aggregate.js';

/** Where a stock item sits: one SKU in one location. */
export interface StockPlace {
  readonly location: string;
  readonly sku: string;
}

/**
 * Stock items of the current tenant. Writers lock the items they change (`lock*`, `FOR UPDATE`
 * in id order, so that two commands over the same items queue instead of deadlocking); the
 * version column stays as the optimistic check behind the locks.
 */
@Injectable()
export class StockItemRepository extends AggregateRepository<StockItem> {
  protected readonly entity = StockItem;
  protected override readonly sortable = ['sku', 'location'];

  constructor(
    context: RepositoryContext,
    private readonly tenants: TenantContext,
  ) {
    super(context);
  }

  /**
   * Creates an empty stock item for each place that has none. `on conflict do nothing` makes a
   * concurrent creation of the same place wait for the other transaction instead of failing
   * on the unique key; either way the row exists afterwards.
   */
  async ensure(places: readonly StockPlace[]): Promise<void> {
    this.context.assertInUnitOfWork(`${this.constructor.name}.ensure`);
    if (places.length === 0) return;
    const tenantId = this.tenants.requireTenantId();
    const actor = this.context.actorId;
    // Distinct and sorted, so that concurrent creations of overlapping places wait on each
    // other in one order.
    const distinct = new Map(places.map((place) => [`${place.location}\u0000${place.sku}`, place]));
    const rows = [...distinct.values()]
      .sort((a, b) => a.location.localeCompare(b.location) || a.sku.localeCompare(b.sku))
      .map((place) => ({ id: uuidv7(), location: place.location, sku: place.sku }));
    await this.context.guard(() =>
      this.em.getConnection().execute(
        `insert into stock_items
           (id, tenant_id, location, sku, on_hand, reserved, revision, version,
            created_at, updated_at, created_by, updated_by)
         select p.id, ?, p.location, p.sku, 0, 0, 0, 1, now(), now(), ?, ?
           from jsonb_to_recordset(?::jsonb) as p(id uuid, location text, sku text)
         on conflict (tenant_id, location, sku) do nothing`,
        // Arrays travel as JSON: MikroORM's `execute` spreads array parameters into lists.
        [tenantId, actor, actor, JSON.stringify(rows)],
        'run',
        this.em.getTransactionContext(),
      ),
    );
  }

  /** Locks the stock items at these places, plus every item in `wholeLocations`. */
  lockAt(places: readonly StockPlace[], wholeLocations: readonly string[] = []): Promise<StockItem[]> {
    const branches: FilterQuery<StockItem>[] = places.map((place) => ({
      location: place.location,
      sku: place.sku,
    }));
    if (wholeLocations.length > 0) branches.push({ location: { $in: [...wholeLocations] } });
    return this.lock({ $or: branches });
  }

  /** Locks every stock item of these SKUs. */
  lockSkus(skus: readonly string[]): Promise<StockItem[]> {
    return this.lock({ sku: { $in: [...skus] } });
  }

  /** Locks the stock items with these ids. */
  lockIds(ids: readonly string[]): Promise<StockItem[]> {
    return this.lock({ id: { $in: [...ids] } });
  }

  private async lock(where: FilterQuery<StockItem>): Promise<StockItem[]> {
    this.context.assertInUnitOfWork(`${this.constructor.name}.lock`);
    // refresh: copies already in the identity map are re-read under the lock.
    return this.context.guard(() =>
      this.em.find(StockItem, where, {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        orderBy: { id: 'asc' },
        refresh: true,
      }),
    );
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PageRequest, type PageRequestInput } from '@ddd-kit/core';
import { CacheService } from '@ddd-kit/cache';
import { stockLevelsPageTags, type StockLevelsFilter } from '../infrastructure/stock-levels.cache-tags.js';
import { StockLevelsReadModel, type StockLevelsPage } from '../infrastructure/stock-levels.read-model.js';

export class ListStockLevels {
  constructor(
    readonly filter: StockLevelsFilter,
    readonly page: PageRequestInput,
    /**
     * Read the read model itself, not the cache: the caller waited for the projectors
     * (read-your-writes), and the cache is invalidated only after a projector's commit.
     */
    readonly fresh = false,
  ) {}
}

/** How long a stock-levels page may be served from the cache if no event invalidates it. */
const STOCK_LEVELS_TTL_MS = 30_000;

/** Stock levels from the read model, through the cache; projectors invalidate the tags. */
@QueryHandler(ListStockLevels)
export class ListStockLevelsHandler implements IQueryHandler<ListStockLevels, StockLevelsPage> {
  constructor(
    private readonly levels: StockLevelsReadModel,
    private readonly cache: CacheService,
  ) {}

  async execute(query: ListStockLevels): Promise<StockLevelsPage> {
    const page = PageRequest.of({ page: query.page.page, size: query.page.size });
    const { sku, location } = query.filter;
    const load = () => this.levels.page({ sku, location }, page);
    if (query.fresh) return load();
    return this.cache.getOrSet(
      `stock-levels:${sku ?? '*'}:${location ?? '*'}:${page.page}:${page.size}`,
      load,
      {
        ttlMs: STOCK_LEVELS_TTL_MS,
        tags: stockLevelsPageTags({ sku, location }),
      },
    );
  }
}

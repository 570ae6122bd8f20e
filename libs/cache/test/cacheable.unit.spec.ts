import { Injectable, Module } from '@nestjs/common';
import { CqrsModule, Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { ClsModule } from 'nestjs-cls';
import { Cacheable } from '@ddd-kit/cache';
import { startCacheTestApp, type CacheTestApp } from './fixture/cache-test-app.js';

interface StockLevel {
  readonly sku: string;
  readonly onHand: number;
  readonly readAt: Date;
}

class GetStockLevel extends Query<StockLevel> {
  constructor(
    readonly sku: string,
    readonly location: string,
  ) {
    super();
  }
}

class CountSkus extends Query<number> {}

/** Stands in for the read model: counts the queries that reach it. */
@Injectable()
class StockReadModel {
  readonly reads: string[] = [];
  levels = new Map<string, number>();

  read(query: GetStockLevel): StockLevel {
    this.reads.push(`${query.sku}@${query.location}`);
    return { sku: query.sku, onHand: this.levels.get(query.sku) ?? 0, readAt: new Date(1_000) };
  }
}

@QueryHandler(GetStockLevel)
class GetStockLevelHandler implements IQueryHandler<GetStockLevel> {
  constructor(private readonly model: StockReadModel) {}

  @Cacheable({
    key: (q: GetStockLevel) => `stock-level:${q.sku}:${q.location}`,
    tags: (q: GetStockLevel) => [`sku:${q.sku}`, `location:${q.location}`],
    ttlMs: 60_000,
  })
  async execute(query: GetStockLevel): Promise<StockLevel> {
    return this.model.read(query);
  }
}

/** A constant key: the method's parameters are then free. */
@QueryHandler(CountSkus)
class CountSkusHandler implements IQueryHandler<CountSkus> {
  constructor(private readonly model: StockReadModel) {}

  @Cacheable({ key: 'sku-count', tags: ['skus'] })
  async execute(_query: CountSkus): Promise<number> {
    this.model.reads.push('count');
    return 3;
  }
}

// Type-level checks: `key` and `tags` must fit the method's parameters, and the method be async.
export class MisusedCacheable {
  // @ts-expect-error the key reads a parameter of another type
  @Cacheable({ key: (sku: number) => `sku:${sku}` })
  async bySku(sku: string): Promise<string> {
    return sku;
  }

  // @ts-expect-error a synchronous method has no promise to cache
  @Cacheable({ key: 'sync' })
  sync(): number {
    return 1;
  }
}

@Module({ imports: [CqrsModule], providers: [StockReadModel, GetStockLevelHandler, CountSkusHandler] })
class StockQueriesModule {}

describe('@Cacheable on a query handler', () => {
  let app: CacheTestApp;
  let queries: QueryBus;
  let model: StockReadModel;

  beforeEach(async () => {
    app = await startCacheTestApp({ store: { type: 'memory' } }, { imports: [StockQueriesModule] });
    queries = app.module.get(QueryBus);
    model = app.module.get(StockReadModel);
  });
  afterEach(() => app.close());

  it('answers repeated queries from the cache, keyed by the query arguments', async () => {
    const first = await queries.execute(new GetStockLevel('A', 'L1'));
    const again = await queries.execute(new GetStockLevel('A', 'L1'));
    await queries.execute(new GetStockLevel('A', 'L2'));
    await queries.execute(new GetStockLevel('B', 'L1'));

    expect(model.reads).toEqual(['A@L1', 'A@L2', 'B@L1']);
    expect(again).toEqual(first);
    expect(again.readAt).toBeInstanceOf(Date);
  });

  it('uses a constant key and tags as given', async () => {
    expect(await queries.execute(new CountSkus())).toBe(3);
    expect(await queries.execute(new CountSkus())).toBe(3);
    await app.cache.invalidateTags(['skus']);
    expect(await queries.execute(new CountSkus())).toBe(3);
    expect(model.reads).toEqual(['count', 'count']);
  });

  it('tags each entry from the arguments, so invalidating one tag drops exactly its entries', async () => {
    for (const [sku, location] of [
      ['A', 'L1'],
      ['A', 'L2'],
      ['B', 'L1'],
      ['B', 'L2'],
    ] as const) {
      await queries.execute(new GetStockLevel(sku, location));
    }
    model.levels.set('A', 5);

    await app.cache.invalidateTags(['sku:A']);
    await app.cache.invalidateTags(['location:L1']);
    for (const [sku, location] of [
      ['A', 'L1'],
      ['A', 'L2'],
      ['B', 'L1'],
      ['B', 'L2'],
    ] as const) {
      await queries.execute(new GetStockLevel(sku, location));
    }

    expect(model.reads.slice(4)).toEqual(['A@L1', 'A@L2', 'B@L1']);
    expect(await queries.execute(new GetStockLevel('A', 'L1'))).toMatchObject({ onHand: 5 });
  });

  it('caches per tenant: the same query in another tenant reaches the read model', async () => {
    await app.passport.run({ tenantId: 'acme' }, () => queries.execute(new GetStockLevel('A', 'L1')));
    await app.passport.run({ tenantId: 'globex' }, () => queries.execute(new GetStockLevel('A', 'L1')));
    await app.passport.run({ tenantId: 'acme' }, () => queries.execute(new GetStockLevel('A', 'L1')));

    expect(model.reads).toEqual(['A@L1', 'A@L1']);
  });
});

describe('@Cacheable without CacheModule', () => {
  it('just runs the method', async () => {
    const module = await Test.createTestingModule({
      imports: [ClsModule.forRoot({ global: true }), StockQueriesModule],
    }).compile();
    await module.init();
    try {
      const queries = module.get(QueryBus);
      await queries.execute(new GetStockLevel('A', 'L1'));
      await queries.execute(new GetStockLevel('A', 'L1'));
      expect(module.get(StockReadModel).reads).toEqual(['A@L1', 'A@L1']);
    } finally {
      await module.close();
    }
  });
});

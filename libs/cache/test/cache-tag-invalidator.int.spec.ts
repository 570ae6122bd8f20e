import { Injectable, Module, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CacheService } from '@ddd-kit/cache';
import { CacheTagInvalidator } from '@ddd-kit/database';
import { startCacheTestApp, uniqueKeyPrefix, type CacheTestApp } from './fixture/cache-test-app.js';
import { deleteKeysUnder, rawRedis, TEST_REDIS_URL } from './fixture/redis-test-client.js';

/** What a projector does after its commit: invalidate under the event's passport, if a cache is bound. */
@Injectable()
class StockLevelsProjector {
  constructor(@Optional() private readonly invalidator?: CacheTagInvalidator) {}

  get hasCache(): boolean {
    return this.invalidator !== undefined;
  }

  async afterCommit(tags: readonly string[]): Promise<void> {
    await this.invalidator?.invalidateTags(tags);
  }
}

/** A feature module that does not import CacheModule: the invalidator reaches it as a global. */
@Module({ providers: [StockLevelsProjector] })
class ProjectionsModule {}

describe('CacheTagInvalidator', () => {
  const keyPrefix = uniqueKeyPrefix();
  let app: CacheTestApp;
  let redis: Redis;

  beforeAll(async () => {
    redis = rawRedis();
    app = await startCacheTestApp(
      { store: { type: 'redis', url: TEST_REDIS_URL }, keyPrefix },
      { imports: [ProjectionsModule] },
    );
  });
  afterAll(async () => {
    await app?.close();
    await deleteKeysUnder(redis, keyPrefix);
    redis.disconnect();
  });

  it('is provided by CacheModule, as the CacheService itself, to modules that do not import it', () => {
    expect(app.module.get(CacheTagInvalidator)).toBe(app.module.get(CacheService));
    expect(app.module.get(StockLevelsProjector).hasCache).toBe(true);
  });

  it("invalidates in the namespace of the passport it runs under, the event's tenant", async () => {
    const projector = app.module.get(StockLevelsProjector);
    const as = <T>(tenantId: string, fn: () => Promise<T>) => app.passport.run({ tenantId }, fn);
    for (const tenantId of ['acme', 'globex']) {
      await as(tenantId, () => app.cache.set('levels:A', `${tenantId} A`, { tags: ['sku:A'] }));
      await as(tenantId, () => app.cache.set('levels:B', `${tenantId} B`, { tags: ['sku:B'] }));
    }

    await as('acme', () => projector.afterCommit(['sku:A']));

    expect(await as('acme', () => app.cache.get('levels:A'))).toBeUndefined();
    expect(await as('acme', () => app.cache.get('levels:B'))).toBe('acme B');
    expect(await as('globex', () => app.cache.get('levels:A'))).toBe('globex A');
  });
});

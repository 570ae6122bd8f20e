import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CacheTagInvalidator } from '@ddd-kit/database';
import { CacheableExplorer } from './cacheable/cacheable.explorer.js';
import { ConfigurableCacheModule, CACHE_MODULE_OPTIONS } from './cache.module-definition.js';
import { RESOLVED_CACHE_OPTIONS, resolveCacheOptions, type ResolvedCacheOptions } from './cache.options.js';
import { CacheService } from './cache.service.js';
import { CacheFailures } from './failures/cache-failures.js';
import { InvalidationRetry } from './invalidation/invalidation-retry.js';
import { CacheKeys } from './keys/cache-keys.js';
import { CacheMetrics } from './metrics/cache-metrics.js';
import { LoadLocks } from './single-flight/load-locks.js';
import { CacheStore } from './store/cache-store.js';
import { createCacheStore } from './store/create-cache-store.js';

/**
 * A cache for the read side: Redis (or memory) entries namespaced by the passport's tenant,
 * single-flight `getOrSet` with stale-while-revalidate, tags that projectors invalidate through
 * `CacheTagInvalidator`, `@Cacheable` query handlers, and a bypass (logged, counted) whenever
 * Redis is unreachable. Global: import it once in the root module. Works with or without
 * `DatabaseModule` and `TenancyModule`; it only reads the passport.
 *
 * @example
 * ```ts
 * CacheModule.forRoot({ store: { type: 'redis', url: process.env.REDIS_URL }, defaultTtlMs: 30_000 })
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: RESOLVED_CACHE_OPTIONS, inject: [CACHE_MODULE_OPTIONS], useFactory: resolveCacheOptions },
    {
      provide: CacheStore,
      inject: [RESOLVED_CACHE_OPTIONS, CacheFailures],
      useFactory: (options: ResolvedCacheOptions, failures: CacheFailures) =>
        createCacheStore(options.store, failures),
    },
    CacheMetrics,
    CacheFailures,
    CacheKeys,
    LoadLocks,
    InvalidationRetry,
    CacheService,
    CacheableExplorer,
    { provide: CacheTagInvalidator, useExisting: CacheService },
  ],
  exports: [CacheService, CacheTagInvalidator],
})
export class CacheModule extends ConfigurableCacheModule {}

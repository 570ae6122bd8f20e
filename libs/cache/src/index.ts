// @ddd-kit/cache: a tenant-namespaced cache for the read side, invalidated by projections.
export { CacheModule } from './cache.module.js';
export { CACHE_MODULE_OPTIONS } from './cache.module-definition.js';
export type { CacheModuleOptions } from './cache.options.js';
export { CacheService } from './cache.service.js';
export type { CacheEntryOptions } from './cache-entry.options.js';
export type {
  CacheStoreOptions,
  MemoryCacheStoreOptions,
  RedisCacheStoreOptions,
} from './store/cache-store.options.js';
export type { LoadLockOptions } from './single-flight/load-lock.options.js';
export {
  Cacheable,
  type CacheableDecorator,
  type CacheableOptions,
} from './cacheable/cacheable.decorator.js';
export type { CacheMetricsOptions } from './metrics/cache-metrics.js';

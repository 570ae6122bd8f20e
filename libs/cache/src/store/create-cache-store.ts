import type { CacheFailures } from '../failures/cache-failures.js';
import type { CacheStore } from './cache-store.js';
import type { ResolvedCacheStoreOptions } from './cache-store.options.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { RedisCacheStore } from './redis-cache-store.js';

/** The store the options name; connection errors of Redis go to the failure log. */
export function createCacheStore(options: ResolvedCacheStoreOptions, failures: CacheFailures): CacheStore {
  if (options.type === 'memory') return new MemoryCacheStore(options);
  return new RedisCacheStore(options, (error) => failures.record('connect', error));
}

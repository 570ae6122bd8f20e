import type { CacheMetricsOptions } from './metrics/cache-metrics.js';
import type { LoadLockOptions } from './single-flight/load-lock.options.js';
import { resolveLoadLockOptions, type ResolvedLoadLockOptions } from './single-flight/load-lock.options.js';
import {
  resolveCacheStoreOptions,
  type CacheStoreOptions,
  type ResolvedCacheStoreOptions,
} from './store/cache-store.options.js';

/** Options of `CacheModule`. */
export interface CacheModuleOptions {
  /** Where entries live. @default { type: 'redis' }: `REDIS_URL`, else redis://127.0.0.1:6379 */
  readonly store?: CacheStoreOptions;
  /** Starts every key, so that several apps can share one Redis. @default 'ddd-kit:cache' */
  readonly keyPrefix?: string;
  /** How long an entry stays fresh when the call names no `ttlMs`. @default 60000 */
  readonly defaultTtlMs?: number;
  /**
   * Each entry's freshness is spread by up to ± this fraction of its TTL, so that entries written
   * together do not all expire (and reload) together. @default 0.1
   */
  readonly ttlJitter?: number;
  /**
   * How long an entry is kept past its freshness when the call names no `staleMs`: `getOrSet`
   * serves it meanwhile while one caller refreshes it. @default 0 (no stale serving)
   */
  readonly defaultStaleMs?: number;
  /** The lock that lets one process at a time load a missing key. @default see `LoadLockOptions` */
  readonly lock?: LoadLockOptions;
  /** Prometheus metrics. @default registered on prom-client's global registry */
  readonly metrics?: CacheMetricsOptions;
}

/** The options with every default applied. */
export interface ResolvedCacheOptions {
  readonly store: ResolvedCacheStoreOptions;
  readonly keyPrefix: string;
  readonly defaultTtlMs: number;
  readonly ttlJitter: number;
  readonly defaultStaleMs: number;
  readonly lock: ResolvedLoadLockOptions;
}

/** Injection token of the options with defaults applied. */
export const RESOLVED_CACHE_OPTIONS = Symbol('ddd-kit:resolved-cache-options');

/** Applies defaults and validates, once. */
export function resolveCacheOptions(options: CacheModuleOptions = {}): ResolvedCacheOptions {
  const resolved: ResolvedCacheOptions = {
    store: resolveCacheStoreOptions(options.store),
    keyPrefix: options.keyPrefix ?? 'ddd-kit:cache',
    defaultTtlMs: options.defaultTtlMs ?? 60_000,
    ttlJitter: options.ttlJitter ?? 0.1,
    defaultStaleMs: options.defaultStaleMs ?? 0,
    lock: resolveLoadLockOptions(options.lock),
  };
  if (!resolved.keyPrefix) throw new TypeError('CacheModule keyPrefix must not be empty');
  if (!(resolved.defaultTtlMs > 0)) {
    throw new TypeError(`CacheModule defaultTtlMs must be positive, got ${resolved.defaultTtlMs}`);
  }
  if (!(resolved.ttlJitter >= 0 && resolved.ttlJitter < 1)) {
    throw new TypeError(`CacheModule ttlJitter must be in [0, 1), got ${resolved.ttlJitter}`);
  }
  if (!(resolved.defaultStaleMs >= 0)) {
    throw new TypeError(`CacheModule defaultStaleMs must not be negative, got ${resolved.defaultStaleMs}`);
  }
  return resolved;
}

/** Entries in Redis, shared by every process of the app: the production store. */
export interface RedisCacheStoreOptions {
  readonly type: 'redis';
  /** @default process.env.REDIS_URL, else 'redis://127.0.0.1:6379' */
  readonly url?: string;
  /**
   * A command with no answer after this long fails, and the request falls back to its loader:
   * a slow cache must not be slower than the source it protects. @default 500
   */
  readonly commandTimeoutMs?: number;
  /** Give up one connection attempt after this long (reconnection goes on). @default 1000 */
  readonly connectTimeoutMs?: number;
  /** Longest pause between reconnection attempts while Redis is away. @default 2000 */
  readonly reconnectMaxDelayMs?: number;
}

/** Entries in this process's memory (lru-cache): for development and unit tests. */
export interface MemoryCacheStoreOptions {
  readonly type: 'memory';
  /** Entries kept; the least recently used go first. @default 10000 */
  readonly maxEntries?: number;
}

/** Where the cache keeps its entries. */
export type CacheStoreOptions = RedisCacheStoreOptions | MemoryCacheStoreOptions;

export type ResolvedRedisCacheStoreOptions = Required<RedisCacheStoreOptions>;
export type ResolvedMemoryCacheStoreOptions = Required<MemoryCacheStoreOptions>;
export type ResolvedCacheStoreOptions = ResolvedRedisCacheStoreOptions | ResolvedMemoryCacheStoreOptions;

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Applies the store defaults and validates, once. */
export function resolveCacheStoreOptions(
  options: CacheStoreOptions = { type: 'redis' },
): ResolvedCacheStoreOptions {
  if (options.type === 'memory') {
    const resolved = { type: 'memory', maxEntries: options.maxEntries ?? 10_000 } as const;
    assertPositive(resolved, ['maxEntries']);
    return resolved;
  }
  // Options may come from untyped configuration.
  const type: unknown = options.type;
  if (type !== 'redis') {
    throw new TypeError(`CacheModule store.type must be 'redis' or 'memory', got ${String(type)}`);
  }
  const resolved = {
    type: 'redis',
    url: options.url ?? (process.env['REDIS_URL'] || DEFAULT_REDIS_URL),
    commandTimeoutMs: options.commandTimeoutMs ?? 500,
    connectTimeoutMs: options.connectTimeoutMs ?? 1_000,
    reconnectMaxDelayMs: options.reconnectMaxDelayMs ?? 2_000,
  } as const;
  assertPositive(resolved, ['commandTimeoutMs', 'connectTimeoutMs', 'reconnectMaxDelayMs']);
  return resolved;
}

function assertPositive<O extends object>(options: O, keys: readonly (keyof O & string)[]): void {
  for (const key of keys) {
    const value = options[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`CacheModule store.${key} must be a positive number, got ${String(value)}`);
    }
  }
}

/** Options of one entry, for `CacheService.set` and `getOrSet`. */
export interface CacheEntryOptions {
  /** How long the entry stays fresh, before jitter. @default the module's `defaultTtlMs` */
  readonly ttlMs?: number;
  /**
   * How long past its freshness `getOrSet` may still serve the entry, while one caller refreshes
   * it. @default the module's `defaultStaleMs`
   */
  readonly staleMs?: number;
  /** Tags of the entry: invalidating any of them drops it. @default [] */
  readonly tags?: readonly string[];
}

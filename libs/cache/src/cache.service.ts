import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { CacheTagInvalidator } from '@ddd-kit/database';
import type { CacheEntryOptions } from './cache-entry.options.js';
import { RESOLVED_CACHE_OPTIONS, type ResolvedCacheOptions } from './cache.options.js';
import {
  decodeCacheEntry,
  encodeCacheEntry,
  entryLifetime,
  entryState,
  storeTtlMs,
} from './entry/cache-entry.js';
import { CacheFailures, STORE_FAILED } from './failures/cache-failures.js';
import { InvalidationRetry } from './invalidation/invalidation-retry.js';
import { CacheKeys, type EntryKeys } from './keys/cache-keys.js';
import { CacheMetrics } from './metrics/cache-metrics.js';
import { LoadLocks } from './single-flight/load-locks.js';
import { CacheStore, type TagStamp } from './store/cache-store.js';

/** A servable entry found by a lookup. */
interface Found {
  readonly state: 'fresh' | 'stale';
  readonly value: unknown;
}

type Lookup = Found | undefined | typeof STORE_FAILED;

/** An entry's options with defaults applied and tags namespaced. */
interface EntryPlan {
  readonly tagKeys: readonly string[];
  readonly ttlMs: number;
  readonly staleMs: number;
}

/**
 * The cache, in the current tenant's namespace (see `CacheKeys`): every key and tag given here is
 * namespaced by the passport's tenant. Values go through JSON that keeps Dates.
 *
 * A store failure never fails a call: reads answer as misses, `getOrSet` runs its loader, writes
 * are skipped; failures are logged and counted (`ddd_kit_cache_errors_total`).
 */
@Injectable()
export class CacheService implements CacheTagInvalidator, OnModuleDestroy {
  private readonly logger = new Logger('CacheModule');
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly refreshes = new Map<string, Promise<void>>();

  constructor(
    private readonly store: CacheStore,
    private readonly keys: CacheKeys,
    private readonly locks: LoadLocks,
    private readonly failures: CacheFailures,
    private readonly retry: InvalidationRetry,
    private readonly metrics: CacheMetrics,
    @Inject(RESOLVED_CACHE_OPTIONS) private readonly options: ResolvedCacheOptions,
  ) {}

  /** Lets background refreshes finish before the store closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled(this.refreshes.values());
  }

  /** The fresh value under `key`; undefined when there is none (or the store is unreachable). */
  async get<T>(key: string): Promise<T | undefined> {
    const found = await this.lookup(this.keys.of(key).entry);
    if (found === STORE_FAILED) return undefined;
    if (found?.state === 'fresh') {
      this.metrics.hit();
      return found.value as T;
    }
    this.metrics.miss();
    return undefined;
  }

  /**
   * Stores `value` under `key`. The tags are stamped now: for data loaded earlier, prefer
   * `getOrSet`, which stamps them before loading, so that an invalidation during the load wins.
   */
  async set(key: string, value: unknown, options: CacheEntryOptions = {}): Promise<void> {
    const { entry } = this.keys.of(key);
    const plan = this.plan(options);
    const stamps = await this.stamp(plan);
    if (stamps !== STORE_FAILED) await this.write(entry, value, stamps, plan);
  }

  /** Deletes entries. */
  async del(keys: string | readonly string[]): Promise<void> {
    const entries = (typeof keys === 'string' ? [keys] : keys).map((key) => this.keys.of(key).entry);
    await this.failures.guard('delete', () => this.store.delete(entries));
  }

  /**
   * Drops every entry tagged with any of `tags`, in the current tenant's namespace, including
   * entries whose value is being loaded right now. When the store is unreachable the
   * invalidation is retried in the background until it goes through.
   */
  async invalidateTags(tags: readonly string[]): Promise<void> {
    const tagKeys = this.keys.tags(tags);
    if (tagKeys.length === 0) return;
    const done = await this.failures.guard('invalidate', () => this.store.invalidateTags(tagKeys));
    if (done === STORE_FAILED) this.retry.add(tagKeys);
  }

  /**
   * The value under `key`, or what `loader` gives, stored for the next callers. Loads once per key
   * at a time: concurrent callers in this process share one promise (the first caller's loader
   * and options, and the same resulting object), and across processes one caller loads under a
   * short lock while the others wait for its entry (up to the lock's wait timeout, then they load
   * themselves). With a stale window, an entry past its freshness is
   * served at once while one caller refreshes it in the background. Errors of `loader` reach
   * the caller and are not cached; a cached `undefined` is a hit. Pass the same `tags` as when
   * the entry was written: they are read with it in one round trip.
   */
  async getOrSet<T>(key: string, loader: () => T | Promise<T>, options: CacheEntryOptions = {}): Promise<T> {
    const keys = this.keys.of(key);
    const shared = this.inFlight.get(keys.entry);
    if (shared) return shared as Promise<T>;
    const call = this.resolve(keys, this.plan(options), loader);
    this.inFlight.set(keys.entry, call);
    const settle = () => this.inFlight.delete(keys.entry);
    call.then(settle, settle);
    return call;
  }

  private async resolve<T>(keys: EntryKeys, plan: EntryPlan, loader: () => T | Promise<T>): Promise<T> {
    const found = await this.lookup(keys.entry, plan.tagKeys);
    if (found === STORE_FAILED) return this.load(loader);
    if (found?.state === 'fresh') {
      this.metrics.hit();
      return found.value as T;
    }
    if (found?.state === 'stale') {
      this.metrics.staleServed();
      this.refreshInBackground(keys, plan, loader);
      return found.value as T;
    }
    this.metrics.miss();
    const turn = await this.locks.turn(keys.lock, () => this.lookup(keys.entry, plan.tagKeys));
    if (turn.kind === 'found') return turn.found.value as T;
    try {
      return await this.loadAndStore(keys.entry, plan, loader);
    } finally {
      if (turn.kind === 'owner') await turn.release();
    }
  }

  private refreshInBackground<T>(keys: EntryKeys, plan: EntryPlan, loader: () => T | Promise<T>): void {
    if (this.refreshes.has(keys.entry)) return;
    const refresh = this.refresh(keys, plan, loader).finally(() => this.refreshes.delete(keys.entry));
    this.refreshes.set(keys.entry, refresh);
  }

  // Only the process that takes the lock refreshes; the others keep serving the stale entry.
  private async refresh<T>(keys: EntryKeys, plan: EntryPlan, loader: () => T | Promise<T>): Promise<void> {
    const release = await this.locks.tryAcquire(keys.lock);
    if (!release || release === STORE_FAILED) return;
    try {
      await this.loadAndStore(keys.entry, plan, loader);
    } catch (error) {
      this.logger.warn({
        msg: 'Refreshing a stale cache entry failed; it is served until its stale window ends',
        key: keys.entry,
        error: String(error),
      });
    } finally {
      await release();
    }
  }

  private async loadAndStore<T>(entryKey: string, plan: EntryPlan, loader: () => T | Promise<T>): Promise<T> {
    // Stamped before loading: an invalidation during the load changes a version, and the store
    // then refuses the write of what was loaded.
    const stamps = await this.stamp(plan);
    const value = await this.load(loader);
    if (stamps !== STORE_FAILED) await this.write(entryKey, value, stamps, plan);
    return value;
  }

  private async load<T>(loader: () => T | Promise<T>): Promise<T> {
    const stop = this.metrics.startLoad();
    try {
      return await loader();
    } finally {
      stop();
    }
  }

  private async lookup(entryKey: string, tagKeys: readonly string[] = []): Promise<Lookup> {
    if (this.retry.hasPending) {
      await this.retry.flush();
      // Until the store has taken the invalidations, what it holds may be outdated.
      if (this.retry.hasPending) return STORE_FAILED;
    }
    const text = await this.failures.guard('read', () => this.store.read(entryKey, tagKeys));
    if (text === undefined || text === STORE_FAILED) return text;
    try {
      const entry = decodeCacheEntry(text);
      const state = entryState(entry, Date.now());
      return state === 'expired' ? undefined : { state, value: entry.value };
    } catch (error) {
      // Unreadable (e.g. written by another format): a miss, and the next write replaces it.
      this.failures.record('read', error);
      return undefined;
    }
  }

  private stamp({ tagKeys, ttlMs, staleMs }: EntryPlan): Promise<TagStamp[] | typeof STORE_FAILED> {
    if (tagKeys.length === 0) return Promise.resolve([]);
    // The tags must outlive the load and the entry; the write extends them to the entry's end.
    const tagTtlMs = ttlMs * (1 + this.options.ttlJitter) + staleMs + this.options.lock.ttlMs;
    return this.failures.guard('stamp', () => this.store.stampTags(tagKeys, tagTtlMs));
  }

  private async write(
    entryKey: string,
    value: unknown,
    stamps: readonly TagStamp[],
    { ttlMs, staleMs }: EntryPlan,
  ): Promise<void> {
    const now = Date.now();
    const lifetime = entryLifetime(now, { ttlMs, staleMs, jitter: this.options.ttlJitter });
    let text: string;
    try {
      text = encodeCacheEntry(value, lifetime);
    } catch (error) {
      this.failures.record('write', error);
      return;
    }
    await this.failures.guard('write', () =>
      this.store.write(entryKey, { text, stamps, ttlMs: storeTtlMs(lifetime, now) }),
    );
  }

  /** @throws TypeError for a TTL or stale window that is not a positive (non-negative) number */
  private plan(options: CacheEntryOptions): EntryPlan {
    const ttlMs = options.ttlMs ?? this.options.defaultTtlMs;
    const staleMs = options.staleMs ?? this.options.defaultStaleMs;
    if (!(ttlMs > 0 && Number.isFinite(ttlMs))) {
      throw new TypeError(`Cache ttlMs must be positive, got ${ttlMs}`);
    }
    if (!(staleMs >= 0 && Number.isFinite(staleMs))) {
      throw new TypeError(`Cache staleMs must not be negative, got ${staleMs}`);
    }
    return { tagKeys: this.keys.tags(options.tags ?? []), ttlMs, staleMs };
  }
}

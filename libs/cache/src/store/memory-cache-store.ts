import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import { CacheStore, type StoreWrite, type TagStamp } from './cache-store.js';
import type { ResolvedMemoryCacheStoreOptions } from './cache-store.options.js';

interface StoredEntry {
  readonly text: string;
  readonly stamps: readonly TagStamp[];
}

interface HeldLock {
  readonly token: string;
  readonly until: number;
}

/**
 * Entries in this process's memory, with the same semantics as the Redis store (tag versions,
 * locks), so that unit tests exercise the same rules. Entries are kept as encoded text: a caller
 * mutating what it got never changes what the next caller gets.
 */
export class MemoryCacheStore extends CacheStore {
  private readonly entries: LRUCache<string, StoredEntry>;
  // A tag evicted here only invalidates its entries early, which is safe.
  private readonly tags: LRUCache<string, string>;
  private readonly locks = new Map<string, HeldLock>();

  constructor(options: ResolvedMemoryCacheStoreOptions) {
    super();
    this.entries = new LRUCache({ max: options.maxEntries });
    this.tags = new LRUCache({ max: options.maxEntries });
  }

  async read(key: string, _expectedTagKeys?: readonly string[]): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    return entry.stamps.every((stamp) => this.tags.get(stamp.tagKey) === stamp.version)
      ? entry.text
      : undefined;
  }

  async write(key: string, entry: StoreWrite): Promise<boolean> {
    if (!entry.stamps.every((stamp) => this.tags.get(stamp.tagKey) === stamp.version)) return false;
    for (const { tagKey, version } of entry.stamps) {
      if (this.tags.getRemainingTTL(tagKey) < entry.ttlMs)
        this.tags.set(tagKey, version, { ttl: entry.ttlMs });
    }
    this.entries.set(key, { text: entry.text, stamps: entry.stamps }, { ttl: entry.ttlMs });
    return true;
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async stampTags(tagKeys: readonly string[], ttlMs: number): Promise<TagStamp[]> {
    const created = randomUUID();
    return tagKeys.map((tagKey) => {
      let version = this.tags.get(tagKey);
      if (version === undefined) {
        version = created;
        this.tags.set(tagKey, version, { ttl: ttlMs });
      }
      return { tagKey, version };
    });
  }

  async invalidateTags(tagKeys: readonly string[]): Promise<void> {
    for (const tagKey of tagKeys) this.tags.delete(tagKey);
  }

  async tryLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const held = this.locks.get(key);
    if (held && held.until > performance.now()) return false;
    this.locks.set(key, { token, until: performance.now() + ttlMs });
    return true;
  }

  async unlock(key: string, token: string): Promise<void> {
    if (this.locks.get(key)?.token === token) this.locks.delete(key);
  }
}

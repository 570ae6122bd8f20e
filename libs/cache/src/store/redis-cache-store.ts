import { randomUUID } from 'node:crypto';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { CacheStore, type StoreWrite, type TagStamp } from './cache-store.js';
import type { ResolvedRedisCacheStoreOptions } from './cache-store.options.js';
import { RELEASE_LOCK, STAMP_TAGS, WRITE_ENTRY } from './redis-cache-scripts.js';
import { stampEntry, unstampEntry } from './stamped-entry.js';

/**
 * Entries in Redis, through ioredis, shared by every process of the app. Tuned to fail fast
 * rather than wait: while Redis is away, commands are refused at once (no offline queue, no
 * resend after a disconnect), a slow answer times out, and the client keeps reconnecting in the
 * background, so the cache simply works again once Redis is back.
 */
export class RedisCacheStore extends CacheStore implements OnModuleInit, OnApplicationShutdown {
  private readonly client: Redis;

  constructor(
    private readonly options: ResolvedRedisCacheStoreOptions,
    onConnectionError: (error: unknown) => void,
  ) {
    super();
    const clientOptions: RedisOptions & { disconnectTimeout: number } = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: options.connectTimeoutMs,
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), options.reconnectMaxDelayMs),
      // Untyped ioredis option. Disconnecting while Redis is away arms a timer for a socket that
      // is already closed (2 s by default), which holds the process open after shutdown.
      disconnectTimeout: 100,
    };
    this.client = new Redis(options.url, clientOptions);
    // Without a listener ioredis prints every failed reconnection to the console.
    this.client.on('error', onConnectionError);
  }

  /**
   * Gives the first connection a moment, so that the first requests do not bypass the cache
   * for nothing; the app still starts when Redis is away.
   */
  async onModuleInit(): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, this.options.connectTimeoutMs);
      this.client.once('ready', done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
    } finally {
      this.client.disconnect();
    }
  }

  // A plain GET, or an MGET of the entry with the tags the caller expects: one atomic snapshot,
  // one round trip, and cheaper for Redis than a script. Tags the caller did not name cost a
  // second MGET; reading them later than the entry is still sound, since a version never comes
  // back once dropped: finding the stamped versions later means they held at the entry's read.
  async read(key: string, expectedTagKeys: readonly string[] = []): Promise<string | undefined> {
    const versions = new Map<string, string | null>();
    let stored: string | null;
    if (expectedTagKeys.length === 0) {
      stored = await this.client.get(key);
    } else {
      const values = await this.client.mget(key, ...expectedTagKeys);
      stored = values[0] ?? null;
      expectedTagKeys.forEach((tagKey, index) => versions.set(tagKey, values[index + 1] ?? null));
    }
    if (stored === null) return undefined;
    const entry = unstampEntry(stored);
    if (!entry) return undefined;
    const unknown = entry.stamps.map((stamp) => stamp.tagKey).filter((tagKey) => !versions.has(tagKey));
    if (unknown.length > 0) {
      const values = await this.client.mget(...unknown);
      unknown.forEach((tagKey, index) => versions.set(tagKey, values[index] ?? null));
    }
    return entry.stamps.every((stamp) => versions.get(stamp.tagKey) === stamp.version)
      ? entry.text
      : undefined;
  }

  async write(key: string, entry: StoreWrite): Promise<boolean> {
    const stored = stampEntry(entry.text, entry.stamps);
    const written = await WRITE_ENTRY.run(
      this.client,
      [key, ...entry.stamps.map((stamp) => stamp.tagKey)],
      [stored, Math.ceil(entry.ttlMs), ...entry.stamps.map((stamp) => stamp.version)],
    );
    return written === 1;
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.client.del(...keys);
  }

  async stampTags(tagKeys: readonly string[], ttlMs: number): Promise<TagStamp[]> {
    if (tagKeys.length === 0) return [];
    const versions = (await STAMP_TAGS.run(this.client, tagKeys, [
      randomUUID(),
      Math.ceil(ttlMs),
    ])) as string[];
    return tagKeys.map((tagKey, index) => ({ tagKey, version: versions[index]! }));
  }

  async invalidateTags(tagKeys: readonly string[]): Promise<void> {
    if (tagKeys.length > 0) await this.client.del(...tagKeys);
  }

  async tryLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(key, token, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK';
  }

  async unlock(key: string, token: string): Promise<void> {
    await RELEASE_LOCK.run(this.client, [key], [token]);
  }
}

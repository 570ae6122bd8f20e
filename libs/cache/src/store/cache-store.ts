/**
 * A tag's version when an entry was written. An entry is valid only while each of its tags still
 * has the version it was written with; invalidating a tag drops the version, so the next writer
 * gets a new one.
 */
export interface TagStamp {
  /** The tag's full store key (namespaced by tenant). */
  readonly tagKey: string;
  readonly version: string;
}

/** An entry on its way into the store. */
export interface StoreWrite {
  /** The entry's encoded text (see `encodeCacheEntry`). */
  readonly text: string;
  /** Versions of the entry's tags, taken before its value was loaded. */
  readonly stamps: readonly TagStamp[];
  /** How long the store keeps the entry, stale window included. */
  readonly ttlMs: number;
}

/**
 * The port behind `CacheService`: raw entries, tag versions and short locks, all under full keys
 * that the service has already namespaced. Methods reject when the store is unreachable; the
 * service turns that into a bypass. An abstract class, so it doubles as the DI token.
 */
export abstract class CacheStore {
  /**
   * The entry's text, or undefined when it is missing or one of its tags changed since it was
   * written.
   * @param expectedTagKeys the tags the caller expects the entry to have: a store may fetch them
   *   with the entry, saving a round trip; other tags of the entry are checked all the same
   */
  abstract read(key: string, expectedTagKeys?: readonly string[]): Promise<string | undefined>;

  /**
   * Stores an entry, unless one of its tags changed since it was stamped: then the value was
   * loaded before an invalidation and must not be cached. Keeps the tags at least as long as
   * the entry.
   * @returns whether the entry was stored
   */
  abstract write(key: string, entry: StoreWrite): Promise<boolean>;

  /** Deletes entries. */
  abstract delete(keys: readonly string[]): Promise<void>;

  /**
   * The current version of each tag, creating one for tags that have none; a created version
   * lives `ttlMs` unless a write extends it. Take the stamps before loading the value.
   */
  abstract stampTags(tagKeys: readonly string[], ttlMs: number): Promise<TagStamp[]>;

  /** Drops the tags' versions: every entry stamped with them becomes invalid. */
  abstract invalidateTags(tagKeys: readonly string[]): Promise<void>;

  /** Takes the lock when free, for `ttlMs` at most. @returns whether it was taken */
  abstract tryLock(key: string, token: string, ttlMs: number): Promise<boolean>;

  /** Releases the lock if `token` still holds it (it may have expired and been taken since). */
  abstract unlock(key: string, token: string): Promise<void>;
}

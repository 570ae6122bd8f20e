import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import { PassportContext } from '@ddd-kit/database';
import { RESOLVED_CACHE_OPTIONS, type ResolvedCacheOptions } from '../cache.options.js';

/** The store keys of one cache key, in the current tenant's namespace. */
export interface EntryKeys {
  readonly entry: string;
  readonly lock: string;
}

/**
 * Namespaces every key by the current tenant, read from the passport:
 * `<prefix>:t:<tenant>:…` inside a tenant, `<prefix>:_:…` outside any (system work, no tenancy).
 * Callers never build store keys themselves, so two tenants cannot share an entry, a tag or a
 * lock by accident. The tenant id is URI-encoded so that it never holds the `:` separator: a
 * tenant `a:b` and a key `c` cannot meet a tenant `a` and a key `b:c`.
 */
@Injectable()
export class CacheKeys {
  private readonly passport: PassportContext;
  private readonly prefix: string;

  constructor(
    @Inject(RESOLVED_CACHE_OPTIONS) options: ResolvedCacheOptions,
    // Bound when DatabaseModule is imported; without it, the same context over nestjs-cls's
    // process-wide service, so the cache also works in apps without a database.
    @Optional() passport?: PassportContext,
  ) {
    this.prefix = options.keyPrefix;
    this.passport = passport ?? new PassportContext(ClsServiceManager.getClsService());
  }

  /** The entry and lock keys of `key`. */
  of(key: string): EntryKeys {
    const namespace = this.namespace();
    return { entry: `${namespace}key:${key}`, lock: `${namespace}lock:${key}` };
  }

  /** The store keys of tags. */
  tags(tags: readonly string[]): string[] {
    if (tags.length === 0) return [];
    const namespace = this.namespace();
    return [...new Set(tags)].map((tag) => `${namespace}tag:${tag}`);
  }

  private namespace(): string {
    const tenantId = this.passport.current().tenantId;
    return tenantId ? `${this.prefix}:t:${encodeURIComponent(tenantId)}:` : `${this.prefix}:_:`;
  }
}

import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CacheFailures, STORE_FAILED } from '../failures/cache-failures.js';
import { CacheStore } from '../store/cache-store.js';

const RETRY_INTERVAL_MS = 500;
// A bound on memory during a long outage; past it the oldest tags are given up (their entries
// then live until their TTL) and that is logged.
const MAX_PENDING_TAGS = 10_000;

/**
 * Invalidations that failed (Redis away) and are retried until Redis takes them. Dropping them
 * would leave outdated entries in Redis, served after it comes back until their TTL ends; so
 * lookups of this process also flush the pending ones before reading.
 */
@Injectable()
export class InvalidationRetry implements OnModuleDestroy {
  private readonly logger = new Logger('CacheModule');
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly store: CacheStore,
    private readonly failures: CacheFailures,
  ) {}

  onModuleDestroy(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size > 0) {
      this.logger.warn({ msg: 'Cache invalidations lost at shutdown', tags: this.pending.size });
    }
  }

  /** Whether invalidations are waiting for the store. */
  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Keeps tags whose invalidation failed, and retries them in the background. */
  add(tagKeys: readonly string[]): void {
    for (const tagKey of tagKeys) this.pending.add(tagKey);
    let dropped = 0;
    for (const tagKey of this.pending) {
      if (this.pending.size <= MAX_PENDING_TAGS) break;
      this.pending.delete(tagKey);
      dropped++;
    }
    if (dropped > 0) this.logger.error({ msg: 'Cache invalidations given up: too many pending', dropped });
    this.schedule();
  }

  /** Tries the pending invalidations now (one attempt at a time). */
  flush(): Promise<void> {
    this.flushing ??= this.attempt().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async attempt(): Promise<void> {
    const tagKeys = [...this.pending];
    if (tagKeys.length === 0) return;
    const result = await this.failures.guard('invalidate', () => this.store.invalidateTags(tagKeys));
    if (result === STORE_FAILED) return this.schedule();
    for (const tagKey of tagKeys) this.pending.delete(tagKey);
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, RETRY_INTERVAL_MS);
    // Pending invalidations must not keep a finished process alive.
    this.timer.unref();
  }
}

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { RESOLVED_CACHE_OPTIONS, type ResolvedCacheOptions } from '../cache.options.js';
import { CacheFailures, STORE_FAILED } from '../failures/cache-failures.js';
import { CacheMetrics } from '../metrics/cache-metrics.js';
import { CacheStore } from '../store/cache-store.js';
import type { ResolvedLoadLockOptions } from './load-lock.options.js';

/** Releases a held lock; never throws. */
export type ReleaseLock = () => Promise<void>;

/** How a wait for the right to load ended. */
export type LoadTurn<F> =
  /** This caller holds the lock: it loads, stores, then releases. */
  | { readonly kind: 'owner'; readonly release: ReleaseLock }
  /** Another process stored the entry meanwhile. */
  | { readonly kind: 'found'; readonly found: F }
  /** No lock (the wait timed out, or the store failed): load without one. */
  | { readonly kind: 'alone' };

/**
 * Single flight across processes: a short lock per key in the store (SET NX PX with a random
 * token, released by compare-and-delete, so an expired lock taken over by another process is
 * never released by its former owner). Callers that find it taken look at the entry again with a
 * doubling pause until the owner has stored it, take the lock over if the owner gave up, or stop
 * waiting at the timeout and load themselves: a stuck owner slows callers down, never blocks them.
 */
@Injectable()
export class LoadLocks {
  private readonly options: ResolvedLoadLockOptions;

  constructor(
    private readonly store: CacheStore,
    private readonly failures: CacheFailures,
    private readonly metrics: CacheMetrics,
    @Inject(RESOLVED_CACHE_OPTIONS) options: ResolvedCacheOptions,
  ) {
    this.options = options.lock;
  }

  /**
   * Waits for the right to load the entry behind `lockKey`.
   * @param lookup looks for the entry: what it finds, undefined when it is missing
   */
  async turn<F>(
    lockKey: string,
    lookup: () => Promise<F | undefined | typeof STORE_FAILED>,
  ): Promise<LoadTurn<F>> {
    const deadline = performance.now() + this.options.waitTimeoutMs;
    let pause = this.options.pollMinMs;
    for (;;) {
      const release = await this.tryAcquire(lockKey);
      if (release === STORE_FAILED) return { kind: 'alone' };
      if (release) {
        // The previous owner may have stored the entry between our miss and our lock.
        const found = await lookup();
        if (found === undefined || found === STORE_FAILED) return { kind: 'owner', release };
        await release();
        return { kind: 'found', found };
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        this.metrics.lockWaitTimedOut();
        return { kind: 'alone' };
      }
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, this.options.pollMaxMs);
      const found = await lookup();
      if (found === STORE_FAILED) return { kind: 'alone' };
      if (found !== undefined) return { kind: 'found', found };
    }
  }

  /** Takes the lock if it is free. @returns how to release it, or undefined when it is taken */
  async tryAcquire(lockKey: string): Promise<ReleaseLock | undefined | typeof STORE_FAILED> {
    const token = randomUUID();
    const taken = await this.failures.guard('lock', () =>
      this.store.tryLock(lockKey, token, this.options.ttlMs),
    );
    if (taken === STORE_FAILED) return STORE_FAILED;
    if (!taken) return undefined;
    return async () => {
      await this.failures.guard('unlock', () => this.store.unlock(lockKey, token));
    };
  }
}

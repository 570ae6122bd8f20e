import { Injectable, Logger } from '@nestjs/common';
import { CacheMetrics, type CacheOperation } from '../metrics/cache-metrics.js';

/** What a guarded store call gives back when the store failed. */
export const STORE_FAILED = Symbol('ddd-kit:cache-store-failed');

// While Redis is down every request fails the same way: one line per operation and window is
// enough, with the count of the lines left out.
const LOG_WINDOW_MS = 10_000;

/**
 * Where store failures end: counted by operation, logged (at most once per operation every 10 s,
 * with how many were not logged), and never thrown, since a cache failure must not fail a request.
 */
@Injectable()
export class CacheFailures {
  private readonly logger = new Logger('CacheModule');
  private readonly lastLogged = new Map<CacheOperation, { at: number; suppressed: number }>();

  constructor(private readonly metrics: CacheMetrics) {}

  /** Runs a store call. @returns its result, or `STORE_FAILED` when it threw */
  async guard<T>(operation: CacheOperation, call: () => Promise<T>): Promise<T | typeof STORE_FAILED> {
    try {
      return await call();
    } catch (error) {
      this.record(operation, error);
      return STORE_FAILED;
    }
  }

  /** Counts and logs one failure. */
  record(operation: CacheOperation, error: unknown): void {
    this.metrics.failed(operation);
    const now = Date.now();
    const last = this.lastLogged.get(operation);
    if (last && now - last.at < LOG_WINDOW_MS) {
      last.suppressed++;
      return;
    }
    this.lastLogged.set(operation, { at: now, suppressed: 0 });
    this.logger.warn({
      msg: 'Cache store failed; going on without the cache',
      operation,
      error: String(error),
      ...(last?.suppressed ? { suppressedSinceLastLog: last.suppressed } : {}),
    });
  }
}

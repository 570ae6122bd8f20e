import { median } from './round-stats.js';

/** Whether the heap stayed flat over a series of rounds. */
export interface HeapTrend {
  /** `heapUsed` after a full GC, per round, in bytes. */
  readonly samples: readonly number[];
  readonly first: number;
  readonly last: number;
  /** Median of the early window (rounds 3–7), once warm-up allocations have settled. */
  readonly earlyMedian: number;
  /** Median of the last five rounds. */
  readonly lateMedian: number;
  /** `lateMedian / earlyMedian - 1`. */
  readonly growth: number;
  /** Growth stayed within the allowed fraction. */
  readonly flat: boolean;
}

/** Options of {@link heapTrend}. */
export interface HeapTrendOptions {
  /** Largest growth, as a fraction, that still counts as flat. @default 0.1 */
  readonly maxGrowth?: number;
}

const EARLY_WINDOW = { from: 3, to: 7 } as const;
const LATE_WINDOW = 5;

/**
 * `heapUsed` after a full, synchronous GC, so that only what is still reachable counts.
 * @throws Error when node runs without `--expose-gc`: without it the number is mostly garbage.
 */
export function heapUsedAfterGc(): number {
  if (!globalThis.gc) throw new Error('Run node with --expose-gc to measure the heap');
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Compares the median heap of the last five rounds with that of rounds 3–7. The first rounds are
 * left out on purpose: lazily built caches (JIT code, metadata, prepared SQL) fill up there.
 */
export function heapTrend(samples: readonly number[], options: HeapTrendOptions = {}): HeapTrend {
  if (samples.length < EARLY_WINDOW.to + LATE_WINDOW) {
    throw new RangeError(`A heap trend needs at least ${EARLY_WINDOW.to + LATE_WINDOW} rounds`);
  }
  const earlyMedian = median(samples.slice(EARLY_WINDOW.from - 1, EARLY_WINDOW.to));
  const lateMedian = median(samples.slice(-LATE_WINDOW));
  const growth = lateMedian / earlyMedian - 1;
  return {
    samples,
    first: samples[0]!,
    last: samples[samples.length - 1]!,
    earlyMedian,
    lateMedian,
    growth,
    flat: growth <= (options.maxGrowth ?? 0.1),
  };
}

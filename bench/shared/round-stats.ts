/** Summary of one series of timed rounds. */
export interface RoundStats {
  /** Every round's duration, in run order. */
  readonly roundMs: readonly number[];
  readonly medianMs: number;
  /** The 90th-percentile round: only one round in ten was slower. */
  readonly p90Ms: number;
  /** Items per second of the median round. */
  readonly medianPerSecond: number;
  /** Items per second of the p90 round, the slow tail. */
  readonly p90PerSecond: number;
}

/** Median of a non-empty series; the mean of the two middle values for an even length. */
export function median(values: readonly number[]): number {
  const sorted = sortedCopy(values);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile (`p` in 0–100) of a non-empty series. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = sortedCopy(values);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Summarizes rounds that each handled `itemsPerRound` items. */
export function roundStats(roundMs: readonly number[], itemsPerRound: number): RoundStats {
  const medianMs = median(roundMs);
  const p90Ms = percentile(roundMs, 90);
  return {
    roundMs,
    medianMs,
    p90Ms,
    medianPerSecond: (itemsPerRound * 1000) / medianMs,
    p90PerSecond: (itemsPerRound * 1000) / p90Ms,
  };
}

function sortedCopy(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('Statistics of an empty series');
  return [...values].sort((a, b) => a - b);
}

import type { LatencyDistribution } from './bench-figures.js';
import { percentile } from './round-stats.js';

/** What a distribution is of, besides its numbers. */
export type LatencyDescription = Pick<LatencyDistribution, 'scenario' | 'label' | 'span'>;

/** p50, p90, p99 and max (nearest rank) of a non-empty series of latencies in milliseconds. */
export function latencyDistribution(
  description: LatencyDescription,
  samplesMs: readonly number[],
): LatencyDistribution {
  return {
    ...description,
    samples: samplesMs.length,
    p50: percentile(samplesMs, 50),
    p90: percentile(samplesMs, 90),
    p99: percentile(samplesMs, 99),
    max: percentile(samplesMs, 100),
  };
}

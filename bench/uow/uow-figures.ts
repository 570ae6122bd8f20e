import { benchFigure, type BenchFigures } from '../shared/bench-figures.js';
import { formatCount } from '../shared/report-format.js';
import { latencyDistribution } from '../shared/latency-distribution.js';
import { UOW_TARGETS, type UowSizeResult } from './uow-report.js';

const BASELINE = 'raw pg';

/**
 * The common figures of the uow bench: every batch size's median throughput beside raw pg (the
 * ratio target applies from `minRatioFromN`; a single row is all overhead and has none), and the
 * distribution of round durations of both sides for the sizes the target applies to.
 */
export function uowFigures(sizes: readonly UowSizeResult[]): BenchFigures {
  const figures = sizes.map((size) => {
    const targeted = size.n >= UOW_TARGETS.minRatioFromN;
    return benchFigure({
      scenario: 'uow',
      label: `flush ${formatCount(size.n)} aggregate${size.n === 1 ? '' : 's'}`,
      unit: 'aggregates/s',
      value: size.dddKit.medianPerSecond,
      baselineLabel: BASELINE,
      baselineValue: size.raw.medianPerSecond,
      higherIsBetter: true,
      ...(targeted && {
        target: {
          kind: 'minRatio',
          threshold: UOW_TARGETS.minRatio,
          met: size.ratio >= UOW_TARGETS.minRatio,
          text: `≥ ${UOW_TARGETS.minRatio}× raw pg for N ≥ ${UOW_TARGETS.minRatioFromN}`,
        },
      }),
    });
  });
  const latencies = sizes
    .filter((size) => size.n >= UOW_TARGETS.minRatioFromN)
    .flatMap((size) => {
      const span = 'one unit of work of N aggregates, commit included';
      return [
        latencyDistribution(
          { scenario: 'uow', label: `ddd-kit UnitOfWork, N=${formatCount(size.n)}`, span },
          size.dddKit.roundMs,
        ),
        latencyDistribution(
          { scenario: 'uow', label: `raw pg, N=${formatCount(size.n)}`, span },
          size.raw.roundMs,
        ),
      ];
    });
  return { figures, latencies };
}

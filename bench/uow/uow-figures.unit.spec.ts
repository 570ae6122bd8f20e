import type { HeapTrend } from '../shared/heap-probe.js';
import { roundStats } from '../shared/round-stats.js';
import { uowFigures } from './uow-figures.js';
import type { UowSizeResult } from './uow-report.js';

const flatHeap: HeapTrend = {
  samples: [],
  first: 1,
  last: 1,
  earlyMedian: 1,
  lateMedian: 1,
  growth: 0,
  flat: true,
};

function size(n: number, dddKitMs: number[], rawMs: number[]): UowSizeResult {
  const dddKit = roundStats(dddKitMs, n);
  const raw = roundStats(rawMs, n);
  const ratio = dddKit.medianPerSecond / raw.medianPerSecond;
  return { n, dddKit, raw, ratio, pairedRatioMedian: ratio, heap: flatHeap, meetsTargets: true };
}

describe('uowFigures', () => {
  const { figures, latencies } = uowFigures([
    size(1, [2, 2, 2], [1, 1, 1]),
    size(100, [4, 5, 6], [2, 3, 4]),
    size(1_000, [50, 60, 70], [20, 25, 30]),
  ]);

  it('puts each size beside raw pg, with the 0.5 target from N = 100 only', () => {
    expect(figures.map((figure) => [figure.label, figure.ratio, figure.target?.met])).toEqual([
      ['flush 1 aggregate', 0.5, undefined],
      ['flush 100 aggregates', 0.6, true],
      ['flush 1,000 aggregates', 25 / 60, false],
    ]);
    expect(figures[1]).toMatchObject({
      unit: 'aggregates/s',
      value: 20_000,
      baselineLabel: 'raw pg',
      baselineValue: 100_000 / 3,
      higherIsBetter: true,
      target: { kind: 'minRatio', threshold: 0.5 },
    });
  });

  it('gives the round durations of both sides for the sizes with a target', () => {
    expect(latencies.map((latency) => [latency.label, latency.p50, latency.max, latency.samples])).toEqual([
      ['ddd-kit UnitOfWork, N=100', 5, 6, 3],
      ['raw pg, N=100', 3, 4, 3],
      ['ddd-kit UnitOfWork, N=1,000', 60, 70, 3],
      ['raw pg, N=1,000', 25, 30, 3],
    ]);
  });
});

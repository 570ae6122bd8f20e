import type { TopLevelSpec } from 'vega-lite';
import type { LatencyDistribution } from '../shared/bench-figures.js';

const PERCENTILES = ['p50', 'p90', 'p99', 'max'] as const;

/** Above this ratio of the largest max to the smallest p50, the axis is logarithmic. */
const LOG_SCALE_FROM_SPREAD = 20;

/** A path's spread, from p50 to max. */
interface RangeDatum {
  readonly path: string;
  readonly p50: number;
  readonly max: number;
}

/** One percentile of one path. */
interface PointDatum {
  readonly path: string;
  readonly percentile: (typeof PERCENTILES)[number];
  readonly ms: number;
}

/**
 * A dot/range chart of one scenario's latencies: per path, a line from p50 to max with a dot at
 * p50, p90, p99 and max. The axis turns logarithmic when the values span more than
 * `LOG_SCALE_FROM_SPREAD`×, so that sub-millisecond paths stay readable beside a slow tail.
 */
export function latencyChartSpec(scenario: string, latencies: readonly LatencyDistribution[]): TopLevelSpec {
  const spans = new Set(latencies.map((latency) => latency.span));
  // One span goes into the title; several go beside each path's name.
  const pathOf = (latency: LatencyDistribution) =>
    spans.size > 1 ? `${latency.label} (${latency.span})` : latency.label;
  const ranges: RangeDatum[] = latencies.map((latency) => ({
    path: pathOf(latency),
    p50: latency.p50,
    max: latency.max,
  }));
  const points: PointDatum[] = latencies.flatMap((latency) =>
    PERCENTILES.map((percentile) => ({ path: pathOf(latency), percentile, ms: latency[percentile] })),
  );
  const positive = points.map((point) => point.ms).filter((ms) => ms > 0);
  const logScale =
    positive.length === points.length &&
    Math.max(...positive) / Math.min(...positive) > LOG_SCALE_FROM_SPREAD;
  const x = {
    type: 'quantitative',
    title: logScale ? 'ms (log scale)' : 'ms',
    scale: logScale ? ({ type: 'log' } as const) : { zero: true },
  } as const;
  const y = { field: 'path', type: 'nominal', sort: null, title: null, axis: { labelLimit: 640 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${scenario}: latency per path`,
      subtitle: spans.size === 1 ? [...spans][0]! : 'p50 to max per path',
    },
    width: 480,
    height: { step: 26 },
    layer: [
      {
        data: { values: ranges },
        mark: { type: 'rule', color: '#999', strokeWidth: 2 },
        encoding: { y, x: { ...x, field: 'p50' }, x2: { field: 'max' } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          y,
          x: { ...x, field: 'ms' },
          color: {
            field: 'percentile',
            type: 'ordinal',
            scale: { domain: [...PERCENTILES], scheme: 'viridis' },
            legend: { title: 'percentile' },
          },
          shape: { field: 'percentile', type: 'nominal', scale: { domain: [...PERCENTILES] } },
        },
      },
    ],
  };
}

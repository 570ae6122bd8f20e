import { benchFigure, type BenchFigures } from '../shared/bench-figures.js';
import type { HitPathResult } from './cache-report.js';

/**
 * The common figures of the cache bench: each `CacheService` hit path's median ops/s beside the
 * raw ioredis `GET` + `JSON.parse` of the same run (no target: the issue states none for a hit),
 * and every path's per-operation latency, converted from µs to ms.
 * @param timedOps operations per path over all timed rounds.
 */
export function cacheFigures(paths: readonly HitPathResult[], timedOps: number): BenchFigures {
  const raw = paths.find((path) => path.path === 'rawGet');
  if (!raw) throw new Error('The cache figures need the raw GET baseline');
  const figures = paths
    .filter((path) => path !== raw)
    .map((path) =>
      benchFigure({
        scenario: 'cache',
        label: path.label,
        unit: 'ops/s',
        value: path.rounds.medianPerSecond,
        baselineLabel: raw.label,
        baselineValue: raw.rounds.medianPerSecond,
        higherIsBetter: true,
      }),
    );
  const latencies = paths.map((path) => ({
    scenario: 'cache',
    label: path.label,
    span: 'one hit, call → value',
    samples: timedOps,
    p50: path.p50Us / 1000,
    p90: path.p90Us / 1000,
    p99: path.p99Us / 1000,
    max: path.maxUs / 1000,
  }));
  return { figures, latencies };
}

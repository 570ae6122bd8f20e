import { roundStats } from '../shared/round-stats.js';
import { cacheFigures } from './cache-figures.js';
import type { HitPathResult } from './cache-report.js';
import { HIT_PATH_LABELS, type HitPath } from './hit-paths.js';

function path(hitPath: HitPath, roundMs: number, p50Us: number, maxUs: number): HitPathResult {
  return {
    path: hitPath,
    label: HIT_PATH_LABELS[hitPath],
    rounds: roundStats([roundMs], 1_000),
    p50Us,
    p90Us: p50Us * 2,
    p99Us: p50Us * 4,
    maxUs,
    roundP50Us: [p50Us],
    roundP90Us: [p50Us * 2],
    roundP99Us: [p50Us * 4],
    roundMaxUs: [maxUs],
    ratioToRaw: 0,
    p50OverheadUs: 0,
  };
}

describe('cacheFigures', () => {
  const { figures, latencies } = cacheFigures(
    [path('rawGet', 50, 16, 900), path('cacheGet', 100, 21, 1_500)],
    9_000,
  );

  it('puts every CacheService path beside the raw GET, without a target', () => {
    expect(figures).toEqual([
      {
        scenario: 'cache',
        label: 'CacheService.get',
        unit: 'ops/s',
        value: 10_000,
        baselineLabel: 'raw ioredis GET + JSON.parse',
        baselineValue: 20_000,
        higherIsBetter: true,
        ratio: 0.5,
      },
    ]);
  });

  it('gives every path its latency in milliseconds', () => {
    expect(latencies[1]).toEqual({
      scenario: 'cache',
      label: 'CacheService.get',
      span: 'one hit, call → value',
      samples: 9_000,
      p50: 0.021,
      p90: 0.042,
      p99: 0.084,
      max: 1.5,
    });
  });
});

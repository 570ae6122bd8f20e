import type { BenchFigures } from '../shared/bench-figures.js';
import { markdownTable } from '../shared/markdown-table.js';
import type { RoundStats } from '../shared/round-stats.js';
import type { CacheBenchEnvironment } from './cache-bench-environment.js';
import { HIT_PATH_LABELS, type HitPath } from './hit-paths.js';
import { formatCount } from '../shared/report-format.js';

/** One path over all timed rounds. */
export interface HitPathResult {
  readonly path: HitPath;
  readonly label: string;
  /** Round durations and the operations per second they give. */
  readonly rounds: RoundStats;
  /** Per-operation latency of each round (µs), then the median over rounds. */
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  /** The slowest single operation of all timed rounds (µs). */
  readonly maxUs: number;
  readonly roundP50Us: readonly number[];
  readonly roundP90Us: readonly number[];
  readonly roundP99Us: readonly number[];
  readonly roundMaxUs: readonly number[];
  /** Median ops/s over the raw baseline's. */
  readonly ratioToRaw: number;
  /** Median p50 minus the raw baseline's median p50 (µs). */
  readonly p50OverheadUs: number;
}

/** Everything `bench/results/cache.json` holds, the common figures included. */
export interface CacheBenchResults extends BenchFigures {
  readonly benchmark: 'cache';
  readonly description: string;
  readonly finishedAt: string;
  readonly environment: CacheBenchEnvironment;
  readonly rounds: number;
  readonly warmupRounds: number;
  readonly opsPerRound: number;
  readonly keys: number;
  readonly valueBytes: number;
  readonly paths: readonly HitPathResult[];
}

/** The Markdown table printed at the end of the run (and copied into cache.md). */
export function renderCacheReport(results: CacheBenchResults): string {
  const env = results.environment;
  return [
    '## Cache hit overhead: CacheService vs raw ioredis GET + JSON.parse',
    '',
    `Node ${env.node}, Redis ${env.redis} on localhost, ${env.cpu} × ${env.cpuCount}. One value of ` +
      `${formatCount(results.valueBytes)} bytes of JSON (a page of stock levels with Dates) under ` +
      `${results.keys} keys per path; operations run one after another (one in flight), ` +
      `${formatCount(results.opsPerRound)} per path per round, ${results.rounds} timed rounds after ` +
      `${results.warmupRounds} warm-up rounds, paths in rotating order; medians over rounds, except max: ` +
      'the slowest single operation of all rounds.',
    '',
    markdownTable(
      [
        { header: 'path' },
        { header: 'ops/s', align: 'right' },
        { header: 'p50 µs', align: 'right' },
        { header: 'p90 µs', align: 'right' },
        { header: 'p99 µs', align: 'right' },
        { header: 'max µs', align: 'right' },
        { header: 'vs raw (ops/s)', align: 'right' },
        { header: 'p50 overhead µs', align: 'right' },
      ],
      results.paths.map((p) => [
        p.label,
        formatCount(Math.round(p.rounds.medianPerSecond)),
        p.p50Us.toFixed(1),
        p.p90Us.toFixed(1),
        p.p99Us.toFixed(1),
        formatCount(Math.round(p.maxUs)),
        p.ratioToRaw.toFixed(2),
        p.path === 'rawGet' ? '—' : `${p.p50OverheadUs >= 0 ? '+' : ''}${p.p50OverheadUs.toFixed(1)}`,
      ]),
    ),
  ].join('\n');
}

/** The report's label of a path. */
export function labelOf(path: HitPath): string {
  return HIT_PATH_LABELS[path];
}

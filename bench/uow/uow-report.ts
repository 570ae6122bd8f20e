import type { BenchEnvironment } from '../shared/bench-environment.js';
import type { BenchFigures } from '../shared/bench-figures.js';
import type { HeapTrend } from '../shared/heap-probe.js';
import { markdownTable } from '../shared/markdown-table.js';
import type { RoundStats } from '../shared/round-stats.js';
import {
  mark,
  formatCount,
  formatRate,
  formatMs,
  formatMegabytes,
  formatPercent,
} from '../shared/report-format.js';

/** The targets from the issue. */
export const UOW_TARGETS = {
  /** ddd-kit must reach at least this fraction of raw node-postgres throughput… */
  minRatio: 0.5,
  /** …for batches of at least this many aggregates (a single row is all overhead). */
  minRatioFromN: 100,
  /** Heap growth, late rounds over early rounds, that still counts as flat. */
  maxHeapGrowth: 0.1,
} as const;

/** Results for one batch size. */
export interface UowSizeResult {
  /** Aggregates per round; each one writes two rows (aggregate and event). */
  readonly n: number;
  readonly dddKit: RoundStats;
  readonly raw: RoundStats;
  /** ddd-kit over raw, median throughput. */
  readonly ratio: number;
  /** Median of the per-round ratios of interleaved pairs, less sensitive to drift. */
  readonly pairedRatioMedian: number;
  /** Heap after each round of a separate ddd-kit pass, each followed by a full GC. */
  readonly heap: HeapTrend;
  /** Whether this size meets its targets (the ratio applies from `minRatioFromN`). */
  readonly meetsTargets: boolean;
}

/** Everything `bench/results/uow.json` holds, the common figures included. */
export interface UowBenchResults extends BenchFigures {
  readonly benchmark: 'uow';
  readonly description: string;
  readonly finishedAt: string;
  readonly environment: BenchEnvironment;
  readonly rounds: number;
  readonly warmupRounds: number;
  readonly targets: typeof UOW_TARGETS;
  readonly meetsTargets: boolean;
  readonly sizes: readonly UowSizeResult[];
}

/** Whether a batch size meets the ratio target (when it applies) and the flat-heap target. */
export function meetsTargets(n: number, ratio: number, heap: HeapTrend): boolean {
  const ratioOk = n < UOW_TARGETS.minRatioFromN || ratio >= UOW_TARGETS.minRatio;
  return ratioOk && heap.flat;
}

/** The Markdown report printed at the end of the run. */
export function renderUowReport(results: UowBenchResults): string {
  const rows = results.sizes.map((size) => [
    formatCount(size.n),
    formatRate(size.dddKit.medianPerSecond),
    formatRate(size.raw.medianPerSecond),
    `${size.ratio.toFixed(2)}${size.n >= UOW_TARGETS.minRatioFromN ? mark(size.ratio >= UOW_TARGETS.minRatio) : ''}`,
    `${formatMs(size.dddKit.medianMs)} / ${formatMs(size.dddKit.p90Ms)}`,
    `${formatMs(size.raw.medianMs)} / ${formatMs(size.raw.p90Ms)}`,
    formatMegabytes(size.heap.first),
    formatMegabytes(size.heap.last),
    `${formatPercent(size.heap.growth)}${mark(size.heap.flat)}`,
  ]);
  const table = markdownTable(
    [
      { header: 'N', align: 'right' },
      { header: 'ddd-kit aggregates/s', align: 'right' },
      { header: 'raw pg aggregates/s', align: 'right' },
      { header: 'ratio', align: 'right' },
      { header: 'ddd-kit ms (median / p90)', align: 'right' },
      { header: 'raw pg ms (median / p90)', align: 'right' },
      { header: 'heap first', align: 'right' },
      { header: 'heap last', align: 'right' },
      { header: 'heap growth', align: 'right' },
    ],
    rows,
  );
  const { environment: env } = results;
  return [
    '## Unit of work: flush N new aggregates, one event row each',
    '',
    `Node ${env.node}, PostgreSQL ${env.postgres}, ${env.cpu} × ${env.cpuCount}. ` +
      `${results.rounds} rounds per N after ${results.warmupRounds} warm-up rounds, largest N first, ddd-kit and ` +
      'raw pg alternating, no forced GC. Each aggregate is 2 rows (aggregate + event). Throughput is that of ' +
      'the median round. Heap is `heapUsed` after a full GC following each of another ' +
      `${results.rounds} ddd-kit rounds; growth compares the median of the last 5 with rounds 3–7.`,
    '',
    table,
    '',
    `Targets: ratio ≥ ${UOW_TARGETS.minRatio} for N ≥ ${UOW_TARGETS.minRatioFromN}, heap growth ≤ ` +
      `${UOW_TARGETS.maxHeapGrowth * 100}%: ${results.meetsTargets ? 'met' : 'NOT met'}.`,
  ].join('\n');
}

/** `bench/results/uow.md`: the printed report under a title that says which run it describes. */
export function renderUowReportFile(results: UowBenchResults): string {
  return [
    '# Unit-of-work benchmark',
    '',
    '`npm run bench:uow` (code in `bench/uow/`, all figures in `uow.json`). This file is written by ' +
      `the run it describes, which finished at ${results.finishedAt}.`,
    '',
    renderUowReport(results),
    '',
    'Where the gap comes from, as analysed when the bench was written: JavaScript time in MikroORM, ' +
      'its change-set computation and SQL formatting for 2 entities per aggregate, not database time.',
  ].join('\n');
}

import type { BenchFigure, LatencyDistribution } from '../shared/bench-figures.js';
import { markdownTable } from '../shared/markdown-table.js';
import { formatCount } from '../shared/report-format.js';
import { formatBaseline, formatFigureValue, formatRatio, latencyCells, tableCell } from './figure-format.js';
import { metCell } from './headline.js';

/** A scenario's figures: figure | ddd-kit | baseline | ratio | target | met. */
export function renderFigureTable(figures: readonly BenchFigure[]): string {
  return markdownTable(
    [
      { header: 'figure' },
      { header: 'ddd-kit', align: 'right' },
      { header: 'baseline' },
      { header: 'ratio', align: 'right' },
      { header: 'target' },
      { header: 'met' },
    ],
    figures.map((figure) => [
      tableCell(figure.label),
      formatFigureValue(figure.value, figure.unit),
      tableCell(formatBaseline(figure)),
      formatRatio(figure.ratio),
      tableCell(figure.target?.text ?? '—'),
      metCell(figure.target?.met),
    ]),
  );
}

/** A scenario's latency distributions, in milliseconds. */
export function renderLatencyTable(latencies: readonly LatencyDistribution[]): string {
  return markdownTable(
    [
      { header: 'path' },
      { header: 'span' },
      { header: 'samples', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p90 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
    ],
    latencies.map((latency) => [
      tableCell(latency.label),
      tableCell(latency.span),
      formatCount(latency.samples),
      ...latencyCells(latency),
    ]),
  );
}

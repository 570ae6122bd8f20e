import type { BenchFigure, LatencyDistribution } from '../shared/bench-figures.js';
import { formatMs, formatRate } from '../shared/report-format.js';

/** A figure's value with its unit: `12,345 events/s`, `3.14 ms`, `21.5 µs`. */
export function formatFigureValue(value: number, unit: string): string {
  if (unit === 'ms') return `${formatMs(value)} ms`;
  if (unit === 'µs') return `${value.toFixed(1)} µs`;
  if (unit.endsWith('/s')) return `${formatRate(value)} ${unit}`;
  return `${Number(value.toPrecision(4)).toLocaleString('en-US')} ${unit}`;
}

/** `0.63×`; two decimals are as many as a median over a few rounds can back. */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—';
}

/** `raw kafkajs: 58,396 events/s` */
export function formatBaseline(figure: BenchFigure): string {
  return `${figure.baselineLabel}: ${formatFigureValue(figure.baselineValue, figure.unit)}`;
}

/** A latency in milliseconds, with enough digits for the sub-millisecond ones (cache hits). */
export function formatLatencyMs(ms: number): string {
  if (ms < 0.1) return ms.toFixed(3);
  return formatMs(ms);
}

/** The four numbers of a distribution, as table cells. */
export function latencyCells(latency: LatencyDistribution): string[] {
  return [latency.p50, latency.p90, latency.p99, latency.max].map(formatLatencyMs);
}

/** `2026-11-21 01:44 UTC` */
export function formatWhen(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `14 s`, `4 min 32 s` */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Text safe inside a Markdown table cell: no pipe ends the cell, no newline ends the row. */
export function tableCell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

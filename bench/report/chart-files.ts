import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChartFile } from './bench-report.js';
import type { HeadlineEntry } from './headline.js';
import { latencyChartSpec } from './latency-chart.js';
import { ratioChartSpec } from './ratio-chart.js';
import { renderChartSvg } from './render-chart.js';
import type { ScenarioOutcome } from './scenario-outcome.js';

/**
 * Writes `charts/ratios.svg` and one `charts/latency-<scenario>.svg` per scenario with latencies
 * under `resultsDirectory`, and deletes the SVGs this run did not write, so a chart never
 * outlives its figures.
 */
export async function writeCharts(
  resultsDirectory: string,
  outcomes: readonly ScenarioOutcome[],
  headline: readonly HeadlineEntry[],
): Promise<ChartFile[]> {
  const directory = join(resultsDirectory, 'charts');
  await mkdir(directory, { recursive: true });
  const charts: ChartFile[] = [];
  if (headline.some((entry) => entry.kind === 'figure')) {
    const path = 'charts/ratios.svg';
    await writeFile(join(resultsDirectory, path), await renderChartSvg(ratioChartSpec(headline)));
    charts.push({ path, title: 'ddd-kit ÷ baseline, every figure' });
  }
  for (const outcome of outcomes) {
    if (outcome.latencies.length === 0) continue;
    const path = `charts/latency-${outcome.name}.svg`;
    const svg = await renderChartSvg(latencyChartSpec(outcome.name, outcome.latencies));
    await writeFile(join(resultsDirectory, path), svg);
    charts.push({ path, title: `${outcome.name}: latency per path`, scenario: outcome.name });
  }
  const written = new Set(charts.map((chart) => chart.path.slice('charts/'.length)));
  for (const file of await readdir(directory)) {
    if (file.endsWith('.svg') && !written.has(file)) await rm(join(directory, file));
  }
  return charts;
}

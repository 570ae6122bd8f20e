import type { BenchFigure } from '../shared/bench-figures.js';
import type { BenchReport } from './bench-report.js';
import { allTargetsMet, type HeadlineEntry } from './headline.js';
import { resultsPathOf, type ScenarioOutcome } from './scenario-outcome.js';

/** `bench/results/latest.json`: the run's metadata, each scenario's outcome and the headline. */
export function latestJson(report: BenchReport): Record<string, unknown> {
  return {
    startedAt: report.startedAt.toISOString(),
    finishedAt: report.finishedAt.toISOString(),
    mode: report.mode,
    environment: report.environment,
    git: report.git,
    allTargetsMet: allTargetsMet(report.headline),
    scenarios: report.outcomes.map(scenarioJson),
    headline: report.headline.map(headlineJson),
  };
}

function scenarioJson(outcome: ScenarioOutcome): Record<string, unknown> {
  return {
    name: outcome.name,
    status: outcome.status,
    ranInThisRun: outcome.run !== undefined,
    exitCode: outcome.run?.exitCode ?? null,
    signal: outcome.run?.signal ?? null,
    durationMs: outcome.run ? Math.round(outcome.run.durationMs) : null,
    resultsFile: resultsPathOf(outcome.name),
    resultsFinishedAt: outcome.resultsFinishedAt?.toISOString() ?? null,
    problem: outcome.problem ?? null,
    notes: outcome.notes,
    figures: outcome.figures,
    latencies: outcome.latencies,
  };
}

function headlineJson(entry: HeadlineEntry): Record<string, unknown> {
  if (entry.kind === 'no-figures') {
    return { scenario: entry.scenario, status: entry.status, figure: null, reason: entry.reason };
  }
  const figure: BenchFigure = entry.figure;
  return {
    scenario: entry.scenario,
    status: entry.status,
    resultsFinishedAt: entry.resultsFinishedAt?.toISOString() ?? null,
    figure: figure.label,
    unit: figure.unit,
    value: figure.value,
    baselineLabel: figure.baselineLabel,
    baselineValue: figure.baselineValue,
    higherIsBetter: figure.higherIsBetter,
    ratio: figure.ratio,
    target: figure.target ?? null,
    met: entry.met ?? null,
  };
}

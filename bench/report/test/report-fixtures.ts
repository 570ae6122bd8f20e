import { benchFigure, type BenchFigure, type LatencyDistribution } from '../../shared/bench-figures.js';
import type { ResultsFileContents } from '../results-file-contents.js';
import type { ResultsFileRead, ScenarioRun } from '../scenario-outcome.js';

/** When the fixture run started. */
export const RUN_STARTED_AT = new Date('2026-11-21T10:00:00.000Z');
/** A results file written during the fixture run. */
export const FRESH = new Date('2026-11-21T10:01:00.000Z');
/** A results file written the day before. */
export const STALE = new Date('2026-11-20T09:00:00.000Z');

/** A throughput figure with a `minRatio` target of 0.5. */
export function throughputFigure(scenario: string, value: number, baselineValue: number): BenchFigure {
  const ratio = value / baselineValue;
  return benchFigure({
    scenario,
    label: `drain ${value}`,
    unit: 'events/s',
    value,
    baselineLabel: 'raw kafkajs',
    baselineValue,
    higherIsBetter: true,
    target: { kind: 'minRatio', threshold: 0.5, met: ratio >= 0.5, text: '≥ 0.5× raw' },
  });
}

/** A latency figure (lower is better) without a target. */
export function latencyFigure(scenario: string, valueMs: number, baselineMs: number): BenchFigure {
  return benchFigure({
    scenario,
    label: 'p99',
    unit: 'ms',
    value: valueMs,
    baselineLabel: 'raw Fastify + pg',
    baselineValue: baselineMs,
    higherIsBetter: false,
  });
}

/** A distribution of one path. */
export function latency(scenario: string, label: string, p50: number, max: number): LatencyDistribution {
  return {
    scenario,
    label,
    span: 'request → response',
    samples: 1_000,
    p50,
    p90: p50 * 2,
    p99: p50 * 4,
    max,
  };
}

/** A results file that reads fine. */
export function resultsFile(contents: Partial<ResultsFileContents>): ResultsFileRead {
  return {
    kind: 'read',
    contents: {
      finishedAt: FRESH,
      figures: [],
      latencies: [],
      malformed: 0,
      reason: undefined,
      failures: 0,
      quick: false,
      ...contents,
    },
  };
}

/** A run that exited with `exitCode`. */
export function exited(exitCode: number): ScenarioRun {
  return { exitCode, signal: null, durationMs: 12_000 };
}

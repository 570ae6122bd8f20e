import type { BenchEnvironment } from '../shared/bench-environment.js';
import type { GitState } from './git-state.js';
import type { HeadlineEntry } from './headline.js';
import type { RunOptions } from './run-options.js';
import type { ScenarioOutcome } from './scenario-outcome.js';

/** A chart written beside the report. */
export interface ChartFile {
  /** Relative to `bench/results/`: `charts/ratios.svg`. */
  readonly path: string;
  readonly title: string;
  /** The scenario of a latency chart; undefined for the ratio chart. */
  readonly scenario?: string;
}

/** The files a scenario has in `bench/results/`, for the report's links. */
export interface ScenarioFiles {
  readonly json: boolean;
  /** Its own Markdown analysis, `<name>.md`. */
  readonly analysis: boolean;
}

/** Everything REPORT.md and latest.json are made of. */
export interface BenchReport {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly mode: RunOptions['mode'];
  readonly environment: BenchEnvironment;
  readonly git: GitState;
  readonly outcomes: readonly ScenarioOutcome[];
  readonly headline: readonly HeadlineEntry[];
  readonly charts: readonly ChartFile[];
  readonly files: Readonly<Record<string, ScenarioFiles>>;
}

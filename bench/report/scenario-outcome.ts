import type { BenchFigure, LatencyDistribution } from '../shared/bench-figures.js';
import type { ResultsFileContents } from './results-file-contents.js';

/**
 * - `ran`: ran in this run and wrote fresh results;
 * - `failed`: ran in this run and failed, or left no fresh results (its older ones are not used);
 * - `earlier`: not run this time (`--only`, `--report-only`), reported from its last results;
 * - `missing`: not run this time and has no readable results.
 */
export type ScenarioStatus = 'ran' | 'failed' | 'earlier' | 'missing';

/** How a scenario's child process ended. */
export interface ScenarioRun {
  /** Null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly durationMs: number;
}

/** What a results file gave: its contents, or why there are none. */
export type ResultsFileRead =
  | { readonly kind: 'read'; readonly contents: ResultsFileContents }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unreadable'; readonly error: string };

/** One scenario as the report shows it. */
export interface ScenarioOutcome {
  readonly name: string;
  readonly status: ScenarioStatus;
  /** Set when it ran in this run. */
  readonly run?: ScenarioRun;
  /** When the results used (or rejected) were written. */
  readonly resultsFinishedAt?: Date;
  /** Why it failed or is missing. */
  readonly problem?: string;
  /**
   * What to know about its figures, each a sentence without the final period: no common format
   * yet, a peer that cannot run (possibly with multi-line error output), a quick run.
   */
  readonly notes: readonly string[];
  /** Empty unless the status is `ran` or `earlier`. */
  readonly figures: readonly BenchFigure[];
  readonly latencies: readonly LatencyDistribution[];
}

/** What is known about one scenario once the runs are over. */
export interface ScenarioEvidence {
  readonly name: string;
  /** When the scenario was started in this run: results written before that are not its own. */
  readonly runStartedAt: Date;
  /** Undefined when the scenario was not run this time. */
  readonly run: ScenarioRun | undefined;
  readonly file: ResultsFileRead;
}

/** Where the results of a scenario live, relative to the repository root. */
export function resultsPathOf(name: string): string {
  return `bench/results/${name}.json`;
}

/**
 * Decides a scenario's status. A scenario that ran and failed, or whose results file was not
 * rewritten by this run, is `failed` and keeps no figures: an old result must never pass for a
 * new one.
 */
export function judgeScenario(evidence: ScenarioEvidence): ScenarioOutcome {
  const { name, run, file } = evidence;
  const contents = file.kind === 'read' ? file.contents : undefined;
  const resultsFinishedAt = contents?.finishedAt;
  const dated = resultsFinishedAt ? { resultsFinishedAt } : {};
  if (run) {
    const problem = runProblem(evidence, run);
    if (problem) {
      return { name, status: 'failed', run, ...dated, problem, notes: [], figures: [], latencies: [] };
    }
    return { name, status: 'ran', run, ...dated, ...figuresOf(contents!) };
  }
  if (!contents) {
    const problem =
      file.kind === 'unreadable'
        ? `${resultsPathOf(name)} cannot be read: ${file.error}`
        : `no results yet (${resultsPathOf(name)} does not exist)`;
    return { name, status: 'missing', problem, notes: [], figures: [], latencies: [] };
  }
  return { name, status: 'earlier', ...dated, ...figuresOf(contents) };
}

function runProblem({ name, runStartedAt, file }: ScenarioEvidence, run: ScenarioRun): string | undefined {
  if (run.signal) return `killed by ${run.signal}`;
  if (run.exitCode !== 0) return `exited with code ${run.exitCode}`;
  if (file.kind === 'absent') return `exited with code 0 but wrote no ${resultsPathOf(name)}`;
  if (file.kind === 'unreadable') return `${resultsPathOf(name)} cannot be read: ${file.error}`;
  const finishedAt = file.contents.finishedAt;
  if (!finishedAt) return `${resultsPathOf(name)} has no valid finishedAt`;
  if (finishedAt <= runStartedAt) {
    return (
      `exited with code 0 but did not rewrite ${resultsPathOf(name)} ` +
      `(its finishedAt, ${finishedAt.toISOString()}, is before this run started)`
    );
  }
  return undefined;
}

function figuresOf(contents: ResultsFileContents): Pick<ScenarioOutcome, 'notes' | 'figures' | 'latencies'> {
  const notes: string[] = [];
  if (!contents.figures) notes.push('no figures yet (results predate the common format)');
  if (contents.reason) notes.push(contents.reason);
  else if (contents.figures?.length === 0) notes.push('the results file holds no figures');
  if (contents.quick) notes.push('a quick run (fewer rounds or less load): not a final figure');
  if (contents.failures > 0) {
    notes.push(`the scenario reports ${contents.failures} failure(s); its own report has the details`);
  }
  if (contents.malformed > 0) {
    notes.push(`${contents.malformed} entries of figures/latencies without the common shape left out`);
  }
  return {
    notes,
    figures: contents.figures ?? [],
    latencies: contents.latencies ?? [],
  };
}

import type { BenchFigure } from '../shared/bench-figures.js';
import { markdownTable } from '../shared/markdown-table.js';
import { formatBaseline, formatFigureValue, formatRatio, formatWhen, tableCell } from './figure-format.js';
import type { ScenarioOutcome, ScenarioStatus } from './scenario-outcome.js';

/** One line of the headline: a figure, or a scenario that has none to show and why. */
export type HeadlineEntry =
  | {
      readonly kind: 'figure';
      readonly scenario: string;
      readonly status: Extract<ScenarioStatus, 'ran' | 'earlier'>;
      /** When the figure's results were written, for those from an earlier run. */
      readonly resultsFinishedAt?: Date;
      readonly figure: BenchFigure;
      /** Undefined when the figure has no target. */
      readonly met?: boolean;
    }
  | {
      readonly kind: 'no-figures';
      readonly scenario: string;
      readonly status: ScenarioStatus;
      readonly reason: string;
    };

/**
 * Every figure of every scenario, in run order; a scenario without figures (failed, missing,
 * predating the common format, a peer that cannot run) gets one line saying why, so that it
 * cannot drop out of the table unnoticed.
 */
export function headlineEntries(outcomes: readonly ScenarioOutcome[]): HeadlineEntry[] {
  return outcomes.flatMap((outcome): HeadlineEntry[] => {
    const { name: scenario, status } = outcome;
    if ((status === 'ran' || status === 'earlier') && outcome.figures.length > 0) {
      return outcome.figures.map((figure) => ({
        kind: 'figure',
        scenario,
        status,
        ...(status === 'earlier' &&
          outcome.resultsFinishedAt && {
            resultsFinishedAt: outcome.resultsFinishedAt,
          }),
        figure,
        ...(figure.target && { met: figure.target.met }),
      }));
    }
    const reason = outcome.problem ?? outcome.notes[0] ?? 'no figures';
    return [{ kind: 'no-figures', scenario, status, reason }];
  });
}

/** Whether every figure with a target met it, and no scenario failed. */
export function allTargetsMet(entries: readonly HeadlineEntry[]): boolean {
  return entries.every((entry) =>
    entry.kind === 'figure' ? entry.met !== false : entry.status !== 'failed',
  );
}

const COLUMNS = [
  { header: 'scenario' },
  { header: 'figure' },
  { header: 'ddd-kit', align: 'right' },
  { header: 'baseline' },
  { header: 'ratio', align: 'right' },
  { header: 'target' },
  { header: 'met' },
] as const;

/**
 * The headline as a Markdown table: scenario | figure | ddd-kit | baseline (name and value) |
 * ratio | target | met. REPORT.md shows it, and the run prints it for the README.
 */
export function renderHeadlineTable(entries: readonly HeadlineEntry[]): string {
  const rows = entries.map((entry, index) => {
    const firstOfScenario = entries[index - 1]?.scenario !== entry.scenario;
    if (entry.kind === 'no-figures') {
      const reason = `**${statusWord(entry.status)}**: ${tableCell(shorten(entry.reason))}`;
      return [entry.scenario, reason, '—', '—', '—', '—', '—'];
    }
    const { figure } = entry;
    const scenario =
      firstOfScenario && entry.resultsFinishedAt
        ? `${entry.scenario} (earlier run, ${formatWhen(entry.resultsFinishedAt)})`
        : entry.scenario;
    return [
      scenario,
      tableCell(figure.label),
      formatFigureValue(figure.value, figure.unit),
      tableCell(formatBaseline(figure)),
      formatRatio(figure.ratio),
      tableCell(figure.target?.text ?? '—'),
      metCell(entry.met),
    ];
  });
  return markdownTable(COLUMNS, rows);
}

// Error output can run to pages; the scenario's section of the report has all of it.
const MAX_REASON_LENGTH = 160;

function shorten(reason: string): string {
  return reason.length <= MAX_REASON_LENGTH ? reason : `${reason.slice(0, MAX_REASON_LENGTH - 1).trimEnd()}…`;
}

/** `✓ met`, `✗ missed`, or `—` without a target. */
export function metCell(met: boolean | undefined): string {
  if (met === undefined) return '—';
  return met ? '✓ met' : '✗ missed';
}

function statusWord(status: ScenarioStatus): string {
  switch (status) {
    case 'failed':
      return 'failed';
    case 'missing':
      return 'missing';
    default:
      return 'no figures';
  }
}

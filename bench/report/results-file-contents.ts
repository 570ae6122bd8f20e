import type { BenchFigure, LatencyDistribution } from '../shared/bench-figures.js';

/** What the report takes from a `bench/results/<name>.json`, whatever else the scenario keeps there. */
export interface ResultsFileContents {
  /** When the run that wrote the file finished; undefined when the file does not say. */
  readonly finishedAt: Date | undefined;
  /** Undefined when the file predates the common `figures` / `latencies` format. */
  readonly figures: readonly BenchFigure[] | undefined;
  readonly latencies: readonly LatencyDistribution[] | undefined;
  /** Entries of `figures` or `latencies` that do not have the common shape, left out. */
  readonly malformed: number;
  /**
   * Why a scenario has no figures (or fewer), in its own words: the first string among
   * `REASON_FIELDS` (the peer comparison sets `figuresOmitted` and `peerUnavailableReason`).
   */
  readonly reason: string | undefined;
  /** How many failures the scenario reports in a `failures` array (the peer comparison's contenders). */
  readonly failures: number;
  /** The scenario ran in a shortened mode (`quick: true`): its figures are not final. */
  readonly quick: boolean;
}

const REASON_FIELDS = ['figuresOmitted', 'peerUnavailableReason', 'reason'] as const;

/** Picks the report's fields out of a parsed results file, checking their shapes. */
export function readResultsContents(json: unknown): ResultsFileContents {
  const record = isRecord(json) ? json : {};
  const figures = pickArray(record['figures'], isBenchFigure);
  const latencies = pickArray(record['latencies'], isLatencyDistribution);
  const reason = REASON_FIELDS.map((field) => record[field]).find(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
  return {
    finishedAt: parseDate(record['finishedAt']),
    figures: figures?.valid,
    latencies: latencies?.valid,
    malformed: (figures?.malformed ?? 0) + (latencies?.malformed ?? 0),
    reason,
    failures: Array.isArray(record['failures']) ? record['failures'].length : 0,
    quick: record['quick'] === true,
  };
}

function pickArray<T>(
  value: unknown,
  isValid: (item: unknown) => item is T,
): { valid: T[]; malformed: number } | undefined {
  if (!Array.isArray(value)) return undefined;
  const valid = value.filter(isValid);
  return { valid, malformed: value.length - valid.length };
}

function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBenchFigure(value: unknown): value is BenchFigure {
  if (!isRecord(value)) return false;
  const { target } = value;
  return (
    hasStrings(value, ['scenario', 'label', 'unit', 'baselineLabel']) &&
    hasNumbers(value, ['value', 'baselineValue', 'ratio']) &&
    typeof value['higherIsBetter'] === 'boolean' &&
    (target === undefined ||
      (isRecord(target) &&
        ['minRatio', 'maxValue', 'minValue'].includes(target['kind'] as string) &&
        hasNumbers(target, ['threshold']) &&
        typeof target['met'] === 'boolean' &&
        hasStrings(target, ['text'])))
  );
}

function isLatencyDistribution(value: unknown): value is LatencyDistribution {
  return (
    isRecord(value) &&
    hasStrings(value, ['scenario', 'label', 'span']) &&
    hasNumbers(value, ['samples', 'p50', 'p90', 'p99', 'max'])
  );
}

function hasStrings(record: Record<string, unknown>, fields: readonly string[]): boolean {
  return fields.every((field) => typeof record[field] === 'string');
}

// JSON has no Infinity or NaN: a division by zero in a scenario arrives as null and fails here.
function hasNumbers(record: Record<string, unknown>, fields: readonly string[]): boolean {
  return fields.every((field) => typeof record[field] === 'number');
}

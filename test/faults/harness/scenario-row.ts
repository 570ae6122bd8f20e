import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One scenario's line in the summary. */
export interface ScenarioRow {
  readonly scenario: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly requests: number;
  readonly committed: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicates: number;
  /** null when not checked (skipped). */
  readonly orderOk: boolean | null;
  readonly readModelsOk: boolean | null;
  readonly invariantsOk: boolean | null;
  readonly recoveryMs: number;
  readonly note: string;
  /** Answers by status and code. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Why it failed, one line per broken expectation. */
  readonly failures: readonly string[];
  /** The WMS processes' output tails of a failed scenario, written to `<scenario>.log`. */
  readonly processOutput?: string;
}

/** The file name of a scenario's process log. */
export function logFileOf(scenario: string): string {
  return `${scenario.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.log`;
}

const mark = (ok: boolean | null) => (ok === null ? '–' : ok ? 'ok' : 'FAIL');

/** The summary as a Markdown table (also fine on a terminal). */
export function renderSummary(rows: readonly ScenarioRow[]): string {
  const header = [
    'scenario',
    'result',
    'requests',
    'events committed',
    'delivered',
    'lost',
    'duplicates',
    'order',
    'read models',
    'invariants',
    'recovery',
    'note',
  ];
  const lines = rows.map((row) => [
    row.scenario,
    row.status,
    String(row.requests),
    String(row.committed),
    String(row.delivered),
    String(row.lost),
    String(row.duplicates),
    mark(row.orderOk),
    mark(row.readModelsOk),
    mark(row.invariantsOk),
    row.status === 'skipped' ? '–' : `${(row.recoveryMs / 1000).toFixed(1)} s`,
    row.note.replaceAll('|', '/'),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const failures = rows.flatMap((row) => [
    ...row.failures.map((failure) => `- ${row.scenario}: ${failure}`),
    ...(row.processOutput ? [`- ${row.scenario}: process output in results/${logFileOf(row.scenario)}`] : []),
  ]);
  return [
    format(header),
    format(widths.map((width) => '-'.repeat(width))),
    ...lines.map(format),
    ...(failures.length ? ['', 'Failures:', ...failures] : []),
  ].join('\n');
}

/** Writes `latest.md`, `latest.json` and the failed scenarios' process logs into the results folder. */
export async function writeSummary(folder: string, rows: readonly ScenarioRow[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  // Logs of an earlier run's failures would read as this run's.
  for (const name of await readdir(folder)) if (name.endsWith('.log')) await rm(join(folder, name));
  const title = `# Fault suite, ${new Date().toISOString()}\n\n`;
  await writeFile(join(folder, 'latest.md'), `${title}${renderSummary(rows)}\n`);
  for (const row of rows) {
    if (row.processOutput) await writeFile(join(folder, logFileOf(row.scenario)), row.processOutput);
  }
  await writeFile(
    join(folder, 'latest.json'),
    `${JSON.stringify({ finishedAt: new Date().toISOString(), rows: rows.map(({ processOutput: _, ...row }) => row) }, null, 2)}\n`,
  );
}

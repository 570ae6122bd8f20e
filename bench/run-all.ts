import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_SCENARIOS } from './report/bench-scenarios.js';
import type { BenchReport } from './report/bench-report.js';
import { writeCharts } from './report/chart-files.js';
import { formatDuration } from './report/figure-format.js';
import { readGitState } from './report/git-state.js';
import { headlineEntries, renderHeadlineTable } from './report/headline.js';
import { latestJson } from './report/latest-json.js';
import { renderBenchReport } from './report/report-markdown.js';
import { readResultsFile, scenarioFiles } from './report/results-directory.js';
import { describeRunEnvironment } from './report/run-environment.js';
import { parseRunOptions, type RunOptions } from './report/run-options.js';
import { runScenario } from './report/run-scenario.js';
import { judgeScenario, type ScenarioOutcome, type ScenarioRun } from './report/scenario-outcome.js';

/**
 * `npm run bench`: runs every scenario one after the other, each in its own `node`, then writes
 * `bench/results/REPORT.md` (headline table, charts, a section per scenario), the charts under
 * `bench/results/charts/` and `bench/results/latest.json`, and prints the headline table.
 * `--only uow,cache` runs a subset and reports the others from their last results;
 * `--report-only` runs nothing. Exits 1 when a scenario that ran failed, after writing the report.
 */

// dist/bench/run-all.js → the repository root, wherever npm was started from.
const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_DIRECTORY = join(REPOSITORY_ROOT, 'bench', 'results');

async function main(): Promise<number> {
  let options: RunOptions;
  try {
    options = parseRunOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const startedAt = new Date();
  const git = await readGitState(REPOSITORY_ROOT);
  const environment = await describeRunEnvironment();
  const outcomes = await runScenarios(options);
  const headline = headlineEntries(outcomes);
  const charts = await writeCharts(RESULTS_DIRECTORY, outcomes, headline);
  const files = Object.fromEntries(
    await Promise.all(
      outcomes.map(async ({ name }) => [name, await scenarioFiles(REPOSITORY_ROOT, name)] as const),
    ),
  );
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date(),
    mode: options.mode,
    environment,
    git,
    outcomes,
    headline,
    charts,
    files,
  };
  await writeAtomically(join(RESULTS_DIRECTORY, 'REPORT.md'), renderBenchReport(report));
  await writeAtomically(
    join(RESULTS_DIRECTORY, 'latest.json'),
    `${JSON.stringify(latestJson(report), null, 2)}\n`,
  );
  console.log(`\n${renderHeadlineTable(headline)}\n`);
  console.log('Report: bench/results/REPORT.md; data: bench/results/latest.json');
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  if (failed.length === 0) return 0;
  process.stderr.write(
    `Failed: ${failed.map((outcome) => `${outcome.name} (${outcome.problem})`).join(', ')}\n`,
  );
  return 1;
}

/** Runs the chosen scenarios in the fixed order, then judges every scenario from its results. */
async function runScenarios(options: RunOptions): Promise<ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of BENCH_SCENARIOS) {
    let run: ScenarioRun | undefined;
    const scenarioStartedAt = new Date();
    if (options.run.includes(scenario.name)) {
      const position = `${options.run.indexOf(scenario.name) + 1}/${options.run.length}`;
      console.log(
        `\n=== bench ${scenario.name} (${position}): node ${[...scenario.nodeArgs, scenario.script].join(' ')}\n`,
      );
      run = await runScenario(scenario, REPOSITORY_ROOT);
      const end = run.signal ? `killed by ${run.signal}` : `exit code ${run.exitCode}`;
      console.log(`\n=== bench ${scenario.name}: ${end} after ${formatDuration(run.durationMs)}`);
    }
    const file = await readResultsFile(REPOSITORY_ROOT, scenario.name);
    outcomes.push(judgeScenario({ name: scenario.name, runStartedAt: scenarioStartedAt, run, file }));
  }
  return outcomes;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

process.exitCode = await main();

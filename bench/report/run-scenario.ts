import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { BenchScenario } from './bench-scenarios.js';
import type { ScenarioRun } from './scenario-outcome.js';

/**
 * Runs one scenario's compiled script in a child `node` from the repository root (the scripts
 * write `bench/results/` under their working directory), with the terminal as its stdout and
 * stderr. Resolves when it exits, however it exits: failures are the report's to show.
 */
export function runScenario(scenario: BenchScenario, repositoryRoot: string): Promise<ScenarioRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...scenario.nodeArgs, scenario.script], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const finish = (exitCode: number | null, signal: string | null) =>
      resolve({ exitCode, signal, durationMs: performance.now() - started });
    // A script that cannot start (no node, no permission) errors instead of exiting.
    child.once('error', (error) => {
      process.stderr.write(`bench ${scenario.name}: ${error.message}\n`);
      finish(-1, null);
    });
    child.once('exit', (code, signal) => finish(code, signal));
  });
}

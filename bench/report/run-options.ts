import { parseArgs } from 'node:util';
import { BENCH_SCENARIO_NAMES } from './bench-scenarios.js';

/** What `npm run bench` was asked to do. */
export interface RunOptions {
  /** The scenarios to run now, in run order; the others are reported from their last results. */
  readonly run: readonly string[];
  /** `all`: every scenario; `only`: a subset (`--only`); `report-only`: none (`--report-only`). */
  readonly mode: 'all' | 'only' | 'report-only';
}

/**
 * Reads `--only relay,cache` (a subset, comma-separated or repeated) and `--report-only` (rebuild
 * the report from the results on disk).
 * @throws TypeError on an unknown option or scenario, or both options at once.
 */
export function parseRunOptions(args: readonly string[]): RunOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      only: { type: 'string', multiple: true },
      'report-only': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values['report-only']) {
    if (values.only) throw new TypeError('--only and --report-only exclude each other');
    return { run: [], mode: 'report-only' };
  }
  if (!values.only) return { run: BENCH_SCENARIO_NAMES, mode: 'all' };
  const asked = values.only.flatMap((list) => list.split(',')).map((name) => name.trim());
  const unknown = asked.filter((name) => !BENCH_SCENARIO_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown scenario ${unknown.map((name) => `"${name}"`).join(', ')} in --only; ` +
        `known: ${BENCH_SCENARIO_NAMES.join(', ')}`,
    );
  }
  return { run: BENCH_SCENARIO_NAMES.filter((name) => asked.includes(name)), mode: 'only' };
}

/** One benchmark that `npm run bench` runs as a child process. */
export interface BenchScenario {
  /** Also the name of its results: `bench/results/<name>.json` and, when written, `<name>.md`. */
  readonly name: string;
  /** The compiled script, relative to the repository root. */
  readonly script: string;
  /** Node flags the script needs (the uow heap probe needs a callable GC). */
  readonly nodeArgs: readonly string[];
}

/**
 * Every scenario, in the order `npm run bench` runs them: the short in-process ones first, so a
 * broken build shows up in seconds, then the ones that start brokers, servers and other packages.
 */
export const BENCH_SCENARIOS: readonly BenchScenario[] = [
  { name: 'uow', script: 'dist/bench/uow/uow.bench.js', nodeArgs: ['--expose-gc'] },
  { name: 'cache', script: 'dist/bench/cache/cache.bench.js', nodeArgs: [] },
  { name: 'relay', script: 'dist/bench/relay/relay.bench.js', nodeArgs: [] },
  { name: 'projector', script: 'dist/bench/projector/projector.bench.js', nodeArgs: [] },
  { name: 'http', script: 'dist/bench/http/http.bench.js', nodeArgs: [] },
  { name: 'peer', script: 'dist/bench/peer-comparison/peer.bench.js', nodeArgs: [] },
];

/** The names, in run order. */
export const BENCH_SCENARIO_NAMES: readonly string[] = BENCH_SCENARIOS.map((scenario) => scenario.name);

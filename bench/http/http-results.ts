import type { BenchEnvironment } from '../shared/bench-environment.js';
import { benchFigure, type BenchFigures, type LatencyDistribution } from '../shared/bench-figures.js';
import { median } from '../shared/round-stats.js';
import type { RowCounts } from './bench-database.js';
import type { ProfileSummary } from './cpu-profile-summary.js';
import type { LoadResult } from './load-round.js';

/** The targets, as ratios oriented so that higher is better for ddd-kit. */
export const HTTP_TARGETS = {
  /** ddd-kit req/s ≥ 0.5 × raw req/s. */
  minThroughputRatio: 0.5,
  /** raw p99 / ddd-kit p99 ≥ 0.5, i.e. ddd-kit p99 ≤ 2 × raw p99. */
  minP99Ratio: 0.5,
} as const;

/** One measured round of one server. */
export interface ServerRound {
  readonly load: LoadResult;
  /** The server process's CPU time (user + system) per 2xx response, µs. */
  readonly cpuUsPerRequest: number;
  /** Fraction of the round the server's event loop was busy. */
  readonly eventLoopUtilization: number;
  /** Rows in the tables after the round, before truncation. */
  readonly rows: RowCounts;
}

/** Medians over a server's rounds. */
export interface ServerMedians {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly cpuUsPerRequest: number;
  readonly eventLoopUtilization: number;
}

/** Everything measured on one server. */
export interface ServerResult {
  readonly label: string;
  readonly rounds: readonly ServerRound[];
  readonly medians: ServerMedians;
  /** Over all measured rounds. */
  readonly totals: {
    readonly ok: number;
    readonly non2xx: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly accounts: number;
    readonly outbox: number;
  };
  /** Where its CPU time went in the profiled round (not a measured round). */
  readonly profile?: ProfileSummary;
}

/** What the run was configured with. */
export interface HttpBenchConfig {
  readonly quick: boolean;
  readonly connections: number;
  readonly pipelining: 1;
  readonly poolSize: number;
  readonly warmupRequests: number;
  /** Each server's requests per round: its warm-up rate × this many seconds. */
  readonly roundSeconds: number;
  readonly roundsPerServer: number;
  readonly profileSeconds: number;
  readonly profileSamplingIntervalUs: number;
}

/** Everything `bench/results/http.json` holds. */
export interface HttpBenchResults extends BenchFigures {
  readonly benchmark: 'http';
  readonly description: string;
  readonly finishedAt: string;
  readonly environment: BenchEnvironment;
  readonly config: HttpBenchConfig;
  readonly targets: typeof HTTP_TARGETS;
  readonly raw: ServerResult;
  readonly dddKit: ServerResult;
  /** ddd-kit req/s ÷ raw req/s, of the medians. */
  readonly throughputRatio: number;
  /** raw p99 ÷ ddd-kit p99, of the medians (≥ 0.5 means ddd-kit p99 ≤ 2 × raw). */
  readonly p99Ratio: number;
  /** Median of the per-pair throughput ratios (round i of each), less sensitive to drift. */
  readonly pairedThroughputRatio: number;
  /** Every 2xx left exactly one account and one outbox row, and nothing failed. */
  readonly integrity: { readonly ok: boolean; readonly problems: readonly string[] };
  readonly meetsTargets: boolean;
}

/** Medians and totals of one server's rounds. */
export function summarizeServer(label: string, rounds: readonly ServerRound[]): ServerResult {
  const of = (pick: (round: ServerRound) => number) => median(rounds.map(pick));
  const sum = (pick: (round: ServerRound) => number) =>
    rounds.reduce((total, round) => total + pick(round), 0);
  return {
    label,
    rounds,
    medians: {
      requestsPerSecond: of((r) => r.load.requestsPerSecond),
      p50: of((r) => r.load.latency.p50),
      p90: of((r) => r.load.latency.p90),
      p99: of((r) => r.load.latency.p99),
      max: of((r) => r.load.latency.max),
      cpuUsPerRequest: of((r) => r.cpuUsPerRequest),
      eventLoopUtilization: of((r) => r.eventLoopUtilization),
    },
    totals: {
      ok: sum((r) => r.load.ok),
      non2xx: sum((r) => r.load.non2xx),
      errors: sum((r) => r.load.errors),
      timeouts: sum((r) => r.load.timeouts),
      accounts: sum((r) => r.rows.accounts),
      outbox: sum((r) => r.rows.outbox),
    },
  };
}

/** Problems with a server's rounds: failed requests, or rows that do not match the 2xx count. */
export function integrityProblems(server: ServerResult): string[] {
  const problems: string[] = [];
  server.rounds.forEach(({ load, rows }, index) => {
    const round = `${server.label} round ${index + 1}`;
    if (load.non2xx > 0) problems.push(`${round}: ${load.non2xx} non-2xx responses`);
    if (load.errors > 0) problems.push(`${round}: ${load.errors} errors (${load.timeouts} timeouts)`);
    if (rows.accounts !== load.ok || rows.outbox !== load.ok) {
      problems.push(
        `${round}: ${load.ok} × 2xx but ${rows.accounts} accounts and ${rows.outbox} outbox rows`,
      );
    }
  });
  return problems;
}

/** The common figures and latency distributions of the results file. */
export function httpFigures(raw: ServerResult, dddKit: ServerResult): BenchFigures {
  const label = 'POST /accounts (aggregate + outbox row)';
  const baselineLabel = 'raw Fastify + pg';
  const throughput = benchFigure({
    scenario: 'http',
    label,
    unit: 'req/s',
    value: dddKit.medians.requestsPerSecond,
    baselineLabel,
    baselineValue: raw.medians.requestsPerSecond,
    higherIsBetter: true,
    target: {
      kind: 'minRatio',
      threshold: HTTP_TARGETS.minThroughputRatio,
      met:
        dddKit.medians.requestsPerSecond / raw.medians.requestsPerSecond >= HTTP_TARGETS.minThroughputRatio,
      text: '≥ 0.5× raw req/s',
    },
  });
  const p99 = benchFigure({
    scenario: 'http',
    label: `${label} p99`,
    unit: 'ms',
    value: dddKit.medians.p99,
    baselineLabel,
    baselineValue: raw.medians.p99,
    higherIsBetter: false,
    target: {
      kind: 'minRatio',
      threshold: HTTP_TARGETS.minP99Ratio,
      met: raw.medians.p99 / dddKit.medians.p99 >= HTTP_TARGETS.minP99Ratio,
      text: 'p99 ≤ 2× raw',
    },
  });
  return { figures: [throughput, p99], latencies: [latencyOf(dddKit), latencyOf(raw)] };
}

/** A server's latency distribution: medians over rounds of autocannon's per-round percentiles. */
function latencyOf(server: ServerResult): LatencyDistribution {
  return {
    scenario: 'http',
    label: server.label,
    span: 'request → response',
    samples: server.totals.ok,
    p50: server.medians.p50,
    p90: server.medians.p90,
    p99: server.medians.p99,
    max: server.medians.max,
  };
}

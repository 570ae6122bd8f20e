/**
 * The common shape every benchmark adds to its results file (`figures` and `latencies`), so
 * `npm run bench` can put all of them in one report without knowing each scenario's details.
 * A scenario keeps its own detailed fields beside these.
 */

/** One measured figure of ddd-kit beside the raw baseline measured in the same run. */
export interface BenchFigure {
  /** The scenario, as the report groups it: `uow`, `relay`, `projector`, `cache`, `http`, `peer`. */
  readonly scenario: string;
  /** What was measured, short: "drain 100k rows", "GET hit", "POST /orders". */
  readonly label: string;
  /** `events/s`, `req/s`, `ops/s`, `ms`, `µs`. */
  readonly unit: string;
  /** ddd-kit's median. */
  readonly value: number;
  /** The baseline's name: "raw kafkajs", "raw Fastify + pg", "@fullstackhouse/nestjs-outbox". */
  readonly baselineLabel: string;
  /** The baseline's median in the same unit. */
  readonly baselineValue: number;
  /** Throughput: higher is better. Latency: lower is better. */
  readonly higherIsBetter: boolean;
  /**
   * ddd-kit relative to the baseline, oriented so that 1 = equal and above 1 = ddd-kit better:
   * `value / baselineValue` when higher is better, `baselineValue / value` otherwise.
   */
  readonly ratio: number;
  /** The target for this figure, when there is one. */
  readonly target?: BenchTarget;
}

/** A target on a figure's ratio (`minRatio`, same orientation as `ratio`) or its raw value. */
export interface BenchTarget {
  readonly kind: 'minRatio' | 'maxValue' | 'minValue';
  readonly threshold: number;
  readonly met: boolean;
  /** How the issue words it: "≥ 0.7× min(raw produce, raw claim)". */
  readonly text: string;
}

/** A latency distribution of one path, for the latency charts. Milliseconds. */
export interface LatencyDistribution {
  readonly scenario: string;
  /** The path: "ddd-kit relay (Kafka)", "raw Fastify + pg". */
  readonly label: string;
  /** What the latency spans: "commit → consumer", "request → response". */
  readonly span: string;
  readonly samples: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** What each `bench/results/<scenario>.json` carries beside its own fields. */
export interface BenchFigures {
  readonly figures: readonly BenchFigure[];
  readonly latencies: readonly LatencyDistribution[];
}

/** Builds a figure, computing its oriented ratio. */
export function benchFigure(figure: Omit<BenchFigure, 'ratio'>): BenchFigure {
  const ratio = figure.higherIsBetter
    ? figure.value / figure.baselineValue
    : figure.baselineValue / figure.value;
  return { ...figure, ratio };
}

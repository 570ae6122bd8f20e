import { benchFigure, type BenchFigure, type LatencyDistribution } from '../shared/bench-figures.js';
import type { LatencyResult, LatencySummary } from './latency-probe.js';
import type { RawProduceLatencyResult } from './raw-produce-latency.js';
import { latencyMet, RELAY_TARGETS, throughputMet, type RelayThroughputResult } from './relay-report.js';

/** What the common figures are built from. */
export interface RelayMeasurements {
  readonly throughput: RelayThroughputResult;
  readonly latency: readonly LatencyResult[];
  readonly rawLatency: RawProduceLatencyResult;
}

const SCENARIO = 'relay';
const RAW_PRODUCE = 'raw kafkajs sendBatch';
const RAW_CLAIM = 'raw pg claim + mark';
const COMMIT_TO_CONSUMER = 'commit → consumer';

/**
 * The relay's figures in the shape every benchmark shares (`bench/shared/bench-figures.ts`): the
 * drain rate against the slower raw baseline (the target), against each baseline alone, and each
 * latency run's p99 against raw kafkajs producing the same load (its target is on the value).
 */
export function relayFigures({ throughput: t, latency, rawLatency }: RelayMeasurements): BenchFigure[] {
  const label = `drain ${t.rows / 1000}k rows`;
  const drain = (baselineLabel: string, baselineValue: number) => ({
    scenario: SCENARIO,
    label,
    unit: 'events/s',
    value: t.relay.medianPerSecond,
    baselineLabel,
    baselineValue,
    higherIsBetter: true,
  });
  const produceIsSlower = t.rawProduce.medianPerSecond <= t.rawClaim.medianPerSecond;
  return [
    benchFigure({
      ...drain(
        `slower raw baseline (${produceIsSlower ? RAW_PRODUCE : RAW_CLAIM})`,
        Math.min(t.rawProduce.medianPerSecond, t.rawClaim.medianPerSecond),
      ),
      target: {
        kind: 'minRatio',
        threshold: RELAY_TARGETS.minRatio,
        met: throughputMet(t.ratio),
        text: `≥ ${RELAY_TARGETS.minRatio}× min(raw produce, raw claim+mark)`,
      },
    }),
    benchFigure(drain(RAW_PRODUCE, t.rawProduce.medianPerSecond)),
    benchFigure(drain(RAW_CLAIM, t.rawClaim.medianPerSecond)),
    // `sendInWorker: true` beside the default (producer on the relay's thread).
    benchFigure({
      ...drain('OutboxRelay, producer on the relay thread (default)', t.relay.medianPerSecond),
      label: `${label}, producer in a worker thread`,
      value: t.relayInWorker.medianPerSecond,
    }),
    ...latency.map((run) =>
      benchFigure({
        scenario: SCENARIO,
        label: `${COMMIT_TO_CONSUMER} p99, ${run.table}`,
        unit: 'ms',
        value: run.p99Ms,
        baselineLabel: 'raw kafkajs send → consumer, same rate',
        baselineValue: rawLatency.p99Ms,
        higherIsBetter: false,
        target: {
          kind: 'maxValue',
          threshold: RELAY_TARGETS.maxP99Ms,
          met: latencyMet(run),
          text: `p99 ≤ ${RELAY_TARGETS.maxP99Ms} ms`,
        },
      }),
    ),
  ];
}

/** The latency distributions: the relay's per starting table, and the raw kafkajs floor. */
export function relayLatencies({ latency, rawLatency }: RelayMeasurements): LatencyDistribution[] {
  return [
    ...latency.map((run) => distribution(`ddd-kit relay (Kafka), ${run.table}`, COMMIT_TO_CONSUMER, run)),
    distribution('raw kafkajs', 'send → consumer', rawLatency),
  ];
}

function distribution(label: string, span: string, summary: LatencySummary): LatencyDistribution {
  return {
    scenario: SCENARIO,
    label,
    span,
    samples: summary.measuredEvents,
    p50: summary.p50Ms,
    p90: summary.p90Ms,
    p99: summary.p99Ms,
    max: summary.maxMs,
  };
}

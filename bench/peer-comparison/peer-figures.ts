import {
  benchFigure,
  type BenchFigure,
  type BenchFigures,
  type LatencyDistribution,
} from '../shared/bench-figures.js';
import type { ContenderSummary } from './contender-summary.js';

/** The peer's name, as the figures' baseline. */
export const PEER_LABEL = '@fullstackhouse/nestjs-outbox';

/** The targets: ≥ 2× the peer's throughput, with a p99 latency no worse. */
export const PEER_TARGETS = {
  minThroughputRatio: 2,
  minP99Ratio: 1,
} as const;

/** The ddd-kit contenders set against the peer. */
export interface DddKitContenders {
  readonly inProcess?: ContenderSummary;
  readonly kafka?: ContenderSummary;
}

/**
 * The common figures: each ddd-kit contender's events/s and p99 beside the peer's (no figure
 * without the peer), and every contender's latency distribution.
 */
export function peerFigures(ddd: DddKitContenders, peer: ContenderSummary | undefined): BenchFigures {
  const figures: BenchFigure[] = [];
  const contenders = [
    ['in-process', ddd.inProcess],
    ['Kafka', ddd.kafka],
  ] as const;
  for (const [transport, contender] of contenders) {
    if (!contender || !peer) continue;
    const throughputRatio = contender.eventsPerSecond / peer.eventsPerSecond;
    const p99Ratio = peer.p99Ms / contender.p99Ms;
    figures.push(
      benchFigure({
        scenario: 'peer',
        label: `events/s end to end, ddd-kit ${transport}`,
        unit: 'events/s',
        value: contender.eventsPerSecond,
        baselineLabel: PEER_LABEL,
        baselineValue: peer.eventsPerSecond,
        higherIsBetter: true,
        target: {
          kind: 'minRatio',
          threshold: PEER_TARGETS.minThroughputRatio,
          met: throughputRatio >= PEER_TARGETS.minThroughputRatio,
          text: '≥ 2× peer',
        },
      }),
      benchFigure({
        scenario: 'peer',
        label: `p99 commit → handler, ddd-kit ${transport}`,
        unit: 'ms',
        value: contender.p99Ms,
        baselineLabel: PEER_LABEL,
        baselineValue: peer.p99Ms,
        higherIsBetter: false,
        target: {
          kind: 'minRatio',
          threshold: PEER_TARGETS.minP99Ratio,
          met: p99Ratio >= PEER_TARGETS.minP99Ratio,
          text: 'p99 no worse',
        },
      }),
    );
  }
  const latencies: LatencyDistribution[] = [ddd.inProcess, ddd.kafka, peer]
    .filter((contender): contender is ContenderSummary => contender !== undefined)
    .map((contender) => ({
      scenario: 'peer',
      label: contender.label,
      span: 'commit → handler',
      samples: contender.samples,
      p50: contender.p50Ms,
      p90: contender.p90Ms,
      p99: contender.p99Ms,
      max: contender.maxMs,
    }));
  return { figures, latencies };
}

import type { BenchEnvironment } from '../shared/bench-environment.js';
import { markdownTable } from '../shared/markdown-table.js';
import type { RoundStats } from '../shared/round-stats.js';
import type { BenchFigures } from '../shared/bench-figures.js';
import type { LatencyResult } from './latency-probe.js';
import type { RawProduceLatencyResult } from './raw-produce-latency.js';
import type { RelayPhases } from './relay-probe.js';
import { mark, formatCount, formatRate, formatSeconds, formatMs } from '../shared/report-format.js';

/** The targets from the issue. */
export const RELAY_TARGETS = {
  /** The relay must drain at least this fraction of the slower raw baseline's rate. */
  minRatio: 0.7,
  /** Commit → consumer p99 with the NOTIFY wake-up… */
  maxP99Ms: 50,
  /** …while writers commit at this fraction of the relay's measured (median) rate. */
  latencyLoadFraction: 0.5,
} as const;

/**
 * Per-batch time of each relay phase, medians over the timed rounds. The relay pipelines them
 * (batch n+1 is claimed and n−1 written while n is at the broker), so they overlap and add up
 * to more than the wall time per batch.
 */
export interface RelayBatchProfile {
  readonly batches: number;
  readonly claimMs: number;
  readonly publishMs: number;
  readonly markMs: number;
  /** The round's wall time over its batches, start and stop included. */
  readonly wallMs: number;
}

/** Draining the preloaded outbox, and the two baselines, in events per second. */
export interface RelayThroughputResult {
  readonly rows: number;
  readonly aggregates: number;
  readonly batchSize: number;
  /** `OutboxRelay.start()` → every row marked published, through `KafkaTransport` (defaults). */
  readonly relay: RoundStats;
  /** The same with `KafkaTransport({ sendInWorker: true })`: kafkajs in a worker thread. */
  readonly relayInWorker: RoundStats;
  /** kafkajs `sendBatch` of the same messages, same batches, one after another. */
  readonly rawProduce: RoundStats;
  /** node-postgres `select … for update skip locked` + `update … published`, no sending. */
  readonly rawClaim: RoundStats;
  /** Relay over the slower baseline, median rates. */
  readonly ratio: number;
  readonly profile: RelayBatchProfile;
  /** Per-round phase sums, in run order. */
  readonly phases: readonly RelayPhases[];
}

/** Everything `bench/results/relay.json` holds: its own fields and the common figures. */
export interface RelayBenchResults extends BenchFigures {
  readonly benchmark: 'relay';
  readonly description: string;
  readonly finishedAt: string;
  readonly environment: BenchEnvironment;
  readonly rounds: number;
  /** Rows of the one warm-up round (each path once), not timed. */
  readonly warmupRows: number;
  readonly targets: typeof RELAY_TARGETS;
  readonly throughput: RelayThroughputResult;
  /** One run per starting table. */
  readonly latency: readonly LatencyResult[];
  /** Raw kafkajs sending the same load, send → consumer: the floor under the relay's latency. */
  readonly rawLatency: RawProduceLatencyResult;
  readonly throughputMet: boolean;
  readonly latencyMet: boolean;
  readonly meetsTargets: boolean;
}

/** Whether the drain rate meets the ratio target. */
export function throughputMet(ratio: number): boolean {
  return ratio >= RELAY_TARGETS.minRatio;
}

/** Whether the latency run meets the p99 target, with nothing lost and the load reached. */
export function latencyMet(latency: LatencyResult): boolean {
  return latency.missing === 0 && latency.p99Ms <= RELAY_TARGETS.maxP99Ms;
}

/** The Markdown report printed at the end of the run. */
export function renderRelayReport(results: RelayBenchResults): string {
  const { throughput: t, environment: env } = results;
  const load = results.latency[0]?.load;
  return [
    '## Outbox relay: drain a backlog to Kafka, and commit → consumer latency',
    '',
    `Node ${env.node}, PostgreSQL ${env.postgres}, ${env.cpu} × ${env.cpuCount}; broker: librdkafka's mock ` +
      `cluster (Kafka protocol, 1 broker, 4 partitions per topic). ${formatCount(t.rows)} preloaded outbox rows ` +
      `over ${formatCount(t.aggregates)} aggregates, 2 topics, batch ${t.batchSize}; ${results.rounds} timed rounds ` +
      `after a warm-up round of ${formatCount(results.warmupRows)} rows, the four paths in rotating order, medians.`,
    '',
    throughputTable(results),
    '',
    'Wall time from `start()` (producer connect included) until every row is marked published. The raw claim ' +
      'runs its `order by seq … for update skip locked` on the same table and indexes as the relay.',
    '',
    `Relay time per batch of ${t.batchSize} (median over rounds); claim, publish and mark overlap (pipelined):`,
    '',
    profileTable(t.profile),
    '',
    `Latency: writers commit ${load?.accountsPerCommit} accounts × ${1 + (load?.depositsPerAccount ?? 0)} events ` +
      `per \`UnitOfWork.run\` at ${RELAY_TARGETS.latencyLoadFraction} × the relay's median rate ` +
      `(${formatRate(load?.eventsPerSecond ?? 0)} events/s, over ${results.latency[0]?.writerThreads} writer ` +
      `threads) for ${formatSeconds(load?.durationMs ?? 0)} s, the first 2 s unmeasured; relay with LISTEN/NOTIFY; ` +
      'a kafkajs consumer in its own thread. Latency = consumer receive − commit returned; an event still ' +
      'missing 15 s after the last commit counts as infinitely late. Raw kafkajs: the same commits sent with ' +
      '`sendBatch` when due, no database; latency = receive − send.',
    '',
    latencyTable(results.latency, results.rawLatency),
    '',
    'The relay during each latency run:',
    '',
    ...results.latency.map(relayLine),
    '',
    `Targets: relay ≥ ${RELAY_TARGETS.minRatio} × min(raw produce, raw claim + mark): ` +
      `${results.throughputMet ? 'met' : 'NOT met'}; p99 ≤ ${RELAY_TARGETS.maxP99Ms} ms: ` +
      `${results.latencyMet ? 'met' : 'NOT met'}.`,
  ].join('\n');
}

function throughputTable({ throughput: t, throughputMet: met }: RelayBenchResults): string {
  const slower = Math.min(t.rawProduce.medianPerSecond, t.rawClaim.medianPerSecond);
  const row = (name: string, stats: RoundStats, ratio: string) => [
    name,
    formatRate(stats.medianPerSecond),
    formatRate(stats.p90PerSecond),
    `${formatSeconds(stats.medianMs)} / ${formatSeconds(stats.p90Ms)}`,
    ratio,
  ];
  return markdownTable(
    [
      { header: 'path' },
      { header: 'events/s (median)', align: 'right' },
      { header: 'events/s (p90 round)', align: 'right' },
      { header: 'drain s (median / p90)', align: 'right' },
      { header: 'vs slower baseline', align: 'right' },
    ],
    [
      row('OutboxRelay + KafkaTransport', t.relay, `${t.ratio.toFixed(2)}${mark(met)}`),
      row(
        'same, producer in a worker thread (`sendInWorker: true`)',
        t.relayInWorker,
        (t.relayInWorker.medianPerSecond / slower).toFixed(2),
      ),
      row('raw kafkajs sendBatch', t.rawProduce, (t.rawProduce.medianPerSecond / slower).toFixed(2)),
      row('raw pg claim + mark', t.rawClaim, (t.rawClaim.medianPerSecond / slower).toFixed(2)),
    ],
  );
}

function profileTable(p: RelayBatchProfile): string {
  return markdownTable(
    [
      { header: 'claim ms', align: 'right' },
      { header: 'publish ms', align: 'right' },
      { header: 'mark ms', align: 'right' },
      { header: 'wall ms', align: 'right' },
      { header: 'batches', align: 'right' },
    ],
    [[formatMs(p.claimMs), formatMs(p.publishMs), formatMs(p.markMs), formatMs(p.wallMs), String(p.batches)]],
  );
}

function latencyTable(latency: readonly LatencyResult[], raw: RawProduceLatencyResult): string {
  return markdownTable(
    [
      { header: 'path, outbox table at start' },
      { header: 'committed events/s', align: 'right' },
      { header: 'events measured', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p90 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
      { header: 'missing', align: 'right' },
    ],
    [
      ...latency.map((l) => [
        `relay, ${l.table}`,
        formatRate(l.achievedEventsPerSecond),
        formatCount(l.measuredEvents),
        formatMs(l.p50Ms),
        formatMs(l.p90Ms),
        `${formatMs(l.p99Ms)}${mark(latencyMet(l))}`,
        formatMs(l.maxMs),
        formatCount(l.missing),
      ]),
      [
        'raw kafkajs, no outbox',
        formatRate(raw.achievedEventsPerSecond),
        formatCount(raw.measuredEvents),
        formatMs(raw.p50Ms),
        formatMs(raw.p90Ms),
        formatMs(raw.p99Ms),
        formatMs(raw.maxMs),
        formatCount(raw.missing),
      ],
    ],
  );
}

function relayLine({ table, relay }: LatencyResult): string {
  const batches = Math.max(1, relay.batches);
  return (
    `- ${table}: ${formatCount(relay.rows)} rows published in ${formatCount(relay.batches)} batches ` +
    `(${(relay.rows / batches).toFixed(1)} rows each); per batch claim ${formatMs(relay.claimMs / batches)} ms ` +
    `(slowest ${formatMs(relay.slowestClaimMs)} ms), publish ${formatMs(relay.publishMs / batches)} ms, ` +
    `mark ${formatMs(relay.markMs / batches)} ms.`
  );
}

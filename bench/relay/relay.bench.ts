// reflect-metadata first: the decorators of every module below read and write it on import.
import 'reflect-metadata';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startKafkaTestBroker, type KafkaTestBroker } from '@ddd-kit/testing';
import { describeEnvironment, useDatabaseServer } from '../shared/bench-environment.js';
import { writeBenchResults } from '../shared/results-file.js';
import { median, roundStats } from '../shared/round-stats.js';
import { BENCH_ACCOUNT_TOPIC, BENCH_MONEY_TOPIC } from './fixture/bench-account.aggregate.js';
import { RelayBenchApp } from './fixture/relay-bench-app.js';
import { measureLatency, type LatencyResult } from './latency-probe.js';
import { buildOutboxPreload, loadOutbox, type OutboxPreload } from './outbox-preload.js';
import type { WriterLoad } from './paced-writers.js';
import { checkPreload } from './preload-checks.js';
import { RawClaimBaseline } from './raw-claim-baseline.js';
import { RawProduceBaseline } from './raw-produce-baseline.js';
import {
  latencyMet,
  RELAY_TARGETS,
  renderRelayReport,
  throughputMet,
  type RelayBatchProfile,
  type RelayBenchResults,
  type RelayThroughputResult,
} from './relay-report.js';
import type { RelayPhases } from './relay-probe.js';

/**
 * `npm run bench:relay`: how fast the outbox relay drains a backlog to Kafka next to what raw
 * kafkajs and raw node-postgres manage on their own, and the commit → consumer latency at half
 * that rate. See `relay-report.ts` for the targets.
 */

const AGGREGATES = 1_000;
const EVENTS_PER_AGGREGATE = 100;
/** The warm-up drains a tenth of that: enough for the JIT, without paying for a full round. */
const WARMUP_AGGREGATES = 100;
/** The relay's default batch size; the baselines use it too. */
const BATCH_SIZE = 500;
/** 3 rounds keep the run near 5 minutes, most of it building and loading preloads. */
const ROUNDS = 3;
/** Partitions of each topic: what the mock cluster gives topics it auto-creates. */
const PARTITIONS = 4;
const TOPICS = [BENCH_ACCOUNT_TOPIC, BENCH_MONEY_TOPIC];
const DRAIN_TIMEOUT_MS = 180_000;

/** The latency runs: 2 accounts × (1 opened + 9 deposits) = 20 events per commit. */
const LATENCY_LOAD: Omit<WriterLoad, 'eventsPerSecond'> = {
  accountsPerCommit: 2,
  depositsPerAccount: 9,
  maxInFlight: 8,
  durationMs: 10_000,
};
const LATENCY_WARMUP_MS = 2_000;
const LATENCY_GRACE_MS = 15_000;
/**
 * The mock cluster holds an empty fetch for the whole `maxWaitTimeInMs` even when data arrives
 * meanwhile (a real broker answers at once), so a long wait would measure the mock, not the
 * relay. A few milliseconds bounds that artefact.
 */
const CONSUMER_MAX_WAIT_MS = 5;

type Path = 'relay' | 'rawProduce' | 'rawClaim';

/** One preload and the raw produce baseline built from it. */
interface Workload {
  readonly preload: OutboxPreload;
  readonly rawProduce: RawProduceBaseline;
}

/** Timed rounds, in run order. */
interface Timings {
  readonly relayMs: number[];
  readonly rawProduceMs: number[];
  readonly rawClaimMs: number[];
  readonly phases: RelayPhases[];
}

async function main(): Promise<void> {
  const serverUrl = useDatabaseServer();
  const environment = await describeEnvironment(serverUrl);
  let broker: KafkaTestBroker | undefined;
  let app: RelayBenchApp | undefined;
  let rawClaim: RawClaimBaseline | undefined;
  try {
    broker = await startKafkaTestBroker({
      topics: Object.fromEntries(TOPICS.map((topic) => [topic, PARTITIONS])),
    });
    app = await RelayBenchApp.start(broker.brokers);
    rawClaim = RawClaimBaseline.open(app.test.database.url);

    progress(`Building ${AGGREGATES * EVENTS_PER_AGGREGATE} outbox rows over ${AGGREGATES} aggregates`);
    const full = await workload(app, broker, buildOutboxPreload(AGGREGATES, EVENTS_PER_AGGREGATE));
    await checkPreload(app.pool, full.preload, app.commands);
    const warmup = await workload(app, broker, buildOutboxPreload(WARMUP_AGGREGATES, EVENTS_PER_AGGREGATE));

    const timings = await timeRounds(paths(app, rawClaim), app, warmup, full);
    const throughput = summarizeThroughput(full.preload, timings);

    const load: WriterLoad = {
      ...LATENCY_LOAD,
      eventsPerSecond: Math.round(throughput.relay.medianPerSecond * RELAY_TARGETS.latencyLoadFraction),
    };
    const latency = [
      await latencyOnFreshOutbox(broker, load),
      await latencyOnRetainedOutbox(app, broker, full.preload, load),
    ];

    const results: RelayBenchResults = {
      benchmark: 'relay',
      description:
        'OutboxRelay + KafkaTransport draining 100k preloaded rows vs raw kafkajs and raw pg; commit → consumer latency at half that rate',
      finishedAt: new Date().toISOString(),
      environment,
      rounds: ROUNDS,
      warmupRows: warmup.preload.rows,
      targets: RELAY_TARGETS,
      throughput,
      latency,
      throughputMet: throughputMet(throughput.ratio),
      latencyMet: latency.every(latencyMet),
      meetsTargets: throughputMet(throughput.ratio) && latency.every(latencyMet),
    };
    console.log(renderRelayReport(results));
    const path = await writeBenchResults('relay', results);
    console.log(`\nResults written to ${relative(process.cwd(), path)}`);
  } finally {
    await rawClaim?.close();
    await app?.close();
    await broker?.stop();
  }
}

/** Loads the preload once to read back the messages the raw producer sends. */
async function workload(
  app: RelayBenchApp,
  broker: KafkaTestBroker,
  preload: OutboxPreload,
): Promise<Workload> {
  await loadOutbox(app.pool, preload);
  return { preload, rawProduce: await RawProduceBaseline.fromOutbox(app.pool, broker.brokers, BATCH_SIZE) };
}

/** The three timed paths; each drains the whole workload once. */
function paths(
  app: RelayBenchApp,
  rawClaim: RawClaimBaseline,
): Record<Path, (workload: Workload) => Promise<number>> {
  return {
    relay: async ({ preload }) => {
      await loadOutbox(app.pool, preload);
      app.probe.reset();
      const started = performance.now();
      await app.relay.start();
      await app.probe.whenPublished(preload.rows, DRAIN_TIMEOUT_MS);
      const ms = performance.now() - started;
      await app.relay.stop();
      return ms;
    },
    rawProduce: ({ rawProduce }) => rawProduce.run(),
    rawClaim: async ({ preload }) => {
      await loadOutbox(app.pool, preload);
      const { ms, rows } = await rawClaim.run(BATCH_SIZE);
      if (rows !== preload.rows) throw new Error(`The raw claim marked ${rows} of ${preload.rows} rows`);
      return ms;
    },
  };
}

/**
 * A warm-up round on the small workload, then timed rounds on the full one; the order of the
 * three paths rotates every round, so none always runs right after a preload or on a cold cache.
 */
async function timeRounds(
  run: Record<Path, (workload: Workload) => Promise<number>>,
  app: RelayBenchApp,
  warmup: Workload,
  full: Workload,
): Promise<Timings> {
  const timings: Timings = { relayMs: [], rawProduceMs: [], rawClaimMs: [], phases: [] };
  const order: Path[] = ['relay', 'rawProduce', 'rawClaim'];
  for (let round = -1; round < ROUNDS; round++) {
    const shift = (round + 1) % order.length;
    for (const path of [...order.slice(shift), ...order.slice(0, shift)]) {
      const ms = await run[path](round < 0 ? warmup : full);
      const detail = path === 'relay' ? ` (${perBatch(app.probe.phases)})` : '';
      progress(
        `${round < 0 ? 'warm-up' : `round ${round + 1}/${ROUNDS}`}: ${path} ${ms.toFixed(0)} ms${detail}`,
      );
      if (round < 0) continue;
      timings[`${path}Ms`].push(ms);
      if (path === 'relay') timings.phases.push(app.probe.phases);
    }
  }
  return timings;
}

/** Latency on a new database: the outbox as a fresh deployment has it, never analyzed. */
async function latencyOnFreshOutbox(broker: KafkaTestBroker, load: WriterLoad): Promise<LatencyResult> {
  const table = 'new, empty outbox';
  progress(`Latency on a ${table}: ${load.eventsPerSecond} events/s for ${load.durationMs / 1000} s`);
  const fresh = await RelayBenchApp.start(broker.brokers);
  try {
    return await latencyRun(fresh, broker, table, load);
  } finally {
    await fresh.close();
  }
}

/**
 * Latency on the outbox of a running system: the drained preload's rows kept as published (as
 * between two retention runs), vacuumed and analyzed as autovacuum would have done by then.
 */
async function latencyOnRetainedOutbox(
  app: RelayBenchApp,
  broker: KafkaTestBroker,
  preload: OutboxPreload,
  load: WriterLoad,
): Promise<LatencyResult> {
  const table = `${preload.rows / 1000}k published rows kept`;
  progress(`Latency on ${table}: ${load.eventsPerSecond} events/s for ${load.durationMs / 1000} s`);
  await loadOutbox(app.pool, preload);
  await app.pool.query("update outbox_messages set status = 'published', published_at = now()");
  await app.pool.query('vacuum analyze outbox_messages');
  return latencyRun(app, broker, table, load);
}

function latencyRun(
  app: RelayBenchApp,
  broker: KafkaTestBroker,
  table: string,
  load: WriterLoad,
): Promise<LatencyResult> {
  return measureLatency({
    table,
    app,
    consumer: {
      brokers: broker.brokers,
      topics: TOPICS,
      groupId: `relay-bench-${Date.now()}`,
      maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS,
    },
    load,
    warmupMs: LATENCY_WARMUP_MS,
    graceMs: LATENCY_GRACE_MS,
  });
}

function summarizeThroughput(preload: OutboxPreload, timings: Timings): RelayThroughputResult {
  const relay = roundStats(timings.relayMs, preload.rows);
  const rawProduce = roundStats(timings.rawProduceMs, preload.rows);
  const rawClaim = roundStats(timings.rawClaimMs, preload.rows);
  return {
    rows: preload.rows,
    aggregates: preload.aggregates,
    batchSize: BATCH_SIZE,
    relay,
    rawProduce,
    rawClaim,
    ratio: relay.medianPerSecond / Math.min(rawProduce.medianPerSecond, rawClaim.medianPerSecond),
    profile: batchProfile(timings),
    phases: timings.phases,
  };
}

/** Per-batch means of each round, then the median over rounds. */
function batchProfile({ relayMs, phases }: Timings): RelayBatchProfile {
  const perBatch = (pick: (p: RelayPhases, index: number) => number) =>
    median(phases.map((p, index) => pick(p, index) / p.batches));
  return {
    batches: median(phases.map((p) => p.batches)),
    claimMs: perBatch((p) => p.claimMs),
    publishMs: perBatch((p) => p.publishMs),
    markMs: perBatch((p) => p.markMs),
    wallMs: perBatch((_, index) => relayMs[index]!),
  };
}

/** A relay round's mean time per batch, for the progress lines. */
function perBatch({ batches, claimMs, publishMs, markMs }: RelayPhases): string {
  const mean = (ms: number) => (ms / Math.max(1, batches)).toFixed(1);
  return `per batch: claim ${mean(claimMs)} ms, publish ${mean(publishMs)} ms, mark ${mean(markMs)} ms`;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

await main();

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
import { relayFigures, relayLatencies } from './relay-figures.js';
import type { LatencyConsumerConfig } from './latency-consumer.worker.js';
import { measureLatency, type LatencyResult } from './latency-probe.js';
import { buildOutboxPreload, loadOutbox, type OutboxPreload } from './outbox-preload.js';
import type { WriterLoad } from './paced-writers.js';
import { checkPreload } from './preload-checks.js';
import { RawClaimBaseline } from './raw-claim-baseline.js';
import { RawProduceBaseline } from './raw-produce-baseline.js';
import { measureRawProduceLatency } from './raw-produce-latency.js';
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

/**
 * `RELAY_BENCH_QUICK=1`: a short run while developing (20k rows over the same 1,000 aggregates, one
 * round, 5 s of latency load).
 * Its figures are only a smoke test; the results file is written as usual.
 */
const QUICK = process.env['RELAY_BENCH_QUICK'] === '1';
/**
 * `RELAY_BENCH_PATHS=relay` (comma-separated: relay, rawProduce, rawClaim): time only these paths
 * and stop there, nothing written; for profiling one path (`node --cpu-prof`).
 */
const ONLY_PATHS = process.env['RELAY_BENCH_PATHS']?.split(',') as Path[] | undefined;
const AGGREGATES = 1_000;
const EVENTS_PER_AGGREGATE = QUICK ? 20 : 100;
/** The warm-up drains a tenth of that: enough for the JIT, without paying for a full round. */
const WARMUP_AGGREGATES = 100;
/** The relay's default batch size; the baselines use it too. */
const BATCH_SIZE = 500;
/** 3 rounds keep the run near 5 minutes, most of it building and loading preloads. */
const ROUNDS = QUICK ? 1 : 3;
/** Partitions of each topic: what the mock cluster gives topics it auto-creates. */
const PARTITIONS = 4;
const TOPICS = [BENCH_ACCOUNT_TOPIC, BENCH_MONEY_TOPIC];
const DRAIN_TIMEOUT_MS = 180_000;

/** The latency runs: 2 accounts × (1 opened + 9 deposits) = 20 events per commit. */
const LATENCY_LOAD: Omit<WriterLoad, 'eventsPerSecond'> = {
  accountsPerCommit: 2,
  depositsPerAccount: 9,
  maxInFlight: 8,
  durationMs: QUICK ? 5_000 : 10_000,
};
/**
 * Writer threads (`RELAY_BENCH_WRITER_THREADS`, application instances sharing the load). One
 * thread of units of work commits 10–12k events/s at most, short of half the relay's drain rate;
 * but on 2 cores two threads committed less, not more (2.5–3.3k events/s against 5.4–5.7k for
 * one, see `bench/results/relay.md`): the writers then starve the relay and the database. Use
 * more on a machine with more cores.
 */
const LATENCY_WRITER_THREADS = Number(process.env['RELAY_BENCH_WRITER_THREADS'] ?? 1);
const LATENCY_WARMUP_MS = 2_000;
const LATENCY_GRACE_MS = 15_000;
/**
 * The mock cluster holds an empty fetch for the whole `maxWaitTimeInMs` even when data arrives
 * meanwhile (a real broker answers at once), so a long wait would measure the mock, not the
 * relay. A few milliseconds bounds that artefact.
 */
const CONSUMER_MAX_WAIT_MS = 5;

type Path = 'relay' | 'relayInWorker' | 'rawProduce' | 'rawClaim';

/** One preload and the raw produce baseline built from it. */
interface Workload {
  readonly preload: OutboxPreload;
  readonly rawProduce: RawProduceBaseline;
}

/** Timed rounds, in run order. */
interface Timings {
  readonly relayMs: number[];
  readonly relayInWorkerMs: number[];
  readonly rawProduceMs: number[];
  readonly rawClaimMs: number[];
  readonly phases: RelayPhases[];
}

async function main(): Promise<void> {
  const serverUrl = useDatabaseServer();
  const environment = await describeEnvironment(serverUrl);
  let broker: KafkaTestBroker | undefined;
  let app: RelayBenchApp | undefined;
  let inWorker: RelayBenchApp | undefined;
  let rawClaim: RawClaimBaseline | undefined;
  try {
    broker = await startKafkaTestBroker({
      topics: Object.fromEntries(TOPICS.map((topic) => [topic, PARTITIONS])),
    });
    app = await RelayBenchApp.start(broker.brokers);
    inWorker = await RelayBenchApp.start(broker.brokers, { sendInWorker: true });
    rawClaim = RawClaimBaseline.open(app.test.database.url);

    progress(`Building ${AGGREGATES * EVENTS_PER_AGGREGATE} outbox rows over ${AGGREGATES} aggregates`);
    const full = await workload(app, broker, buildOutboxPreload(AGGREGATES, EVENTS_PER_AGGREGATE));
    await checkPreload(app.pool, full.preload, app.commands);
    const warmup = await workload(app, broker, buildOutboxPreload(WARMUP_AGGREGATES, EVENTS_PER_AGGREGATE));

    const timings = await timeRounds(paths(app, inWorker, rawClaim), app, warmup, full);
    if (ONLY_PATHS) return;
    const throughput = summarizeThroughput(full.preload, timings);

    const load: WriterLoad = {
      ...LATENCY_LOAD,
      eventsPerSecond: Math.round(throughput.relay.medianPerSecond * RELAY_TARGETS.latencyLoadFraction),
    };
    const latency = [
      await latencyOnFreshOutbox(broker, load),
      await latencyOnRetainedOutbox(app, broker, full.preload, load),
    ];
    progress(`Raw kafkajs latency: ${load.eventsPerSecond} events/s for ${load.durationMs / 1000} s`);
    const rawLatency = await measureRawProduceLatency(broker.brokers, {
      topic: BENCH_MONEY_TOPIC,
      consumer: consumerConfig(broker),
      load,
      warmupMs: LATENCY_WARMUP_MS,
      graceMs: LATENCY_GRACE_MS,
    });

    const measured = { throughput, latency, rawLatency };
    const results: RelayBenchResults = {
      benchmark: 'relay',
      description:
        'OutboxRelay + KafkaTransport draining 100k preloaded rows vs raw kafkajs and raw pg; commit → consumer latency at half that rate, beside raw kafkajs send → consumer',
      finishedAt: new Date().toISOString(),
      environment,
      rounds: ROUNDS,
      warmupRows: warmup.preload.rows,
      targets: RELAY_TARGETS,
      throughput,
      latency,
      rawLatency,
      figures: relayFigures(measured),
      latencies: relayLatencies(measured),
      throughputMet: throughputMet(throughput.ratio),
      latencyMet: latency.every(latencyMet),
      meetsTargets: throughputMet(throughput.ratio) && latency.every(latencyMet),
    };
    console.log(renderRelayReport(results));
    const path = await writeBenchResults('relay', results);
    console.log(`\nResults written to ${relative(process.cwd(), path)}`);
  } finally {
    await rawClaim?.close();
    await inWorker?.close();
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

/**
 * The timed paths; each drains the whole workload once. The relay runs twice: with the library's
 * defaults (`app`: `KafkaTransport`'s producer on the relay's thread), and with the producer in
 * a worker thread (`inWorker`: `sendInWorker: true`, an app on a database of its own).
 */
function paths(
  app: RelayBenchApp,
  inWorker: RelayBenchApp,
  rawClaim: RawClaimBaseline,
): Record<Path, (workload: Workload) => Promise<number>> {
  return {
    relay: ({ preload }) => drain(app, preload),
    relayInWorker: ({ preload }) => drain(inWorker, preload),
    rawProduce: ({ rawProduce }) => rawProduce.run(),
    rawClaim: async ({ preload }) => {
      await loadOutbox(app.pool, preload);
      const { ms, rows } = await rawClaim.run(BATCH_SIZE);
      if (rows !== preload.rows) throw new Error(`The raw claim marked ${rows} of ${preload.rows} rows`);
      return ms;
    },
  };
}

/** Loads the preload into the app's outbox; the time from `start()` to every row published. */
async function drain(app: RelayBenchApp, preload: OutboxPreload): Promise<number> {
  await loadOutbox(app.pool, preload);
  app.probe.reset();
  const started = performance.now();
  await app.relay.start();
  await app.probe.whenPublished(preload.rows, DRAIN_TIMEOUT_MS);
  const ms = performance.now() - started;
  await app.relay.stop();
  return ms;
}

/**
 * A warm-up round on the small workload, then timed rounds on the full one. The order of the
 * paths rotates every round and is reversed every other round: a rotation alone keeps every
 * path behind the same predecessor (until this change the relay always ran right after the raw
 * claim, whose 100k-row update PostgreSQL was still writing out). And every path starts after a
 * checkpoint, with no dirty pages of the previous one still waiting to be written.
 */
async function timeRounds(
  run: Record<Path, (workload: Workload) => Promise<number>>,
  app: RelayBenchApp,
  warmup: Workload,
  full: Workload,
): Promise<Timings> {
  const timings: Timings = { relayMs: [], relayInWorkerMs: [], rawProduceMs: [], rawClaimMs: [], phases: [] };
  const order: Path[] = ONLY_PATHS ?? ['relay', 'rawProduce', 'relayInWorker', 'rawClaim'];
  for (let round = -1; round < ROUNDS; round++) {
    const shift = (round + 1) % order.length;
    const rotated = [...order.slice(shift), ...order.slice(0, shift)];
    for (const path of round % 2 === 0 ? rotated.reverse() : rotated) {
      await app.pool.query('checkpoint');
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
    consumer: consumerConfig(broker),
    load,
    writerThreads: LATENCY_WRITER_THREADS,
    warmupMs: LATENCY_WARMUP_MS,
    graceMs: LATENCY_GRACE_MS,
  });
}

/** A consumer of both topics in a group of its own, reading only what is produced from now on. */
function consumerConfig(broker: KafkaTestBroker): LatencyConsumerConfig {
  return {
    brokers: broker.brokers,
    topics: TOPICS,
    groupId: `relay-bench-${Date.now()}`,
    maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS,
  };
}

function summarizeThroughput(preload: OutboxPreload, timings: Timings): RelayThroughputResult {
  const relay = roundStats(timings.relayMs, preload.rows);
  const relayInWorker = roundStats(timings.relayInWorkerMs, preload.rows);
  const rawProduce = roundStats(timings.rawProduceMs, preload.rows);
  const rawClaim = roundStats(timings.rawClaimMs, preload.rows);
  return {
    rows: preload.rows,
    aggregates: preload.aggregates,
    batchSize: BATCH_SIZE,
    relay,
    relayInWorker,
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

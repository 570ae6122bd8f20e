import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../shared/round-stats.js';
import { LatencyConsumer } from './latency-consumer.js';
import type { LatencyConsumerConfig } from './latency-consumer.worker.js';
import { LatencyWriters } from './latency-writers.js';
import type { RelayBenchApp } from './fixture/relay-bench-app.js';
import type { WriterLoad } from './paced-writers.js';
import type { RelayPhases } from './relay-probe.js';

/** A commit → consumer latency distribution. */
export interface LatencySummary {
  /** Events committed in the measured window (after the warm-up). */
  readonly measuredEvents: number;
  /** Measured events the consumer never saw within the grace period: must be 0. */
  readonly missing: number;
  /**
   * Percentiles over every measured event, a missing one counting as infinitely late: a
   * percentile is `Infinity` (`null` in JSON) once more events than it leaves out are missing.
   */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Commit → consumer latency of one run. */
export interface LatencyResult extends LatencySummary {
  /** The outbox table the run started on. */
  readonly table: string;
  readonly load: WriterLoad;
  /** Writer threads the load was spread over. */
  readonly writerThreads: number;
  /** Events per second the writers actually committed. */
  readonly achievedEventsPerSecond: number;
  readonly lateCommits: number;
  /** The relay's batches over the whole run (warm-up included): how big, and where time went. */
  readonly relay: RelayPhases;
}

/** Options of {@link measureLatency}. */
export interface LatencyOptions {
  /** Describes the outbox table the run starts on, for the report. */
  readonly table: string;
  /** The app whose relay publishes; the writers commit to its database from threads of their own. */
  readonly app: RelayBenchApp;
  readonly consumer: LatencyConsumerConfig;
  readonly load: WriterLoad;
  readonly writerThreads: number;
  /** The first part of the run is not measured: consumer offsets settle, the JIT warms up. */
  readonly warmupMs: number;
  /** How long after the last commit every measured event must have arrived. */
  readonly graceMs: number;
}

/**
 * Runs the writers at a fixed rate with the relay running and a consumer on the topics, and
 * takes, per event, the consumer's receive time minus the time its commit returned.
 */
export async function measureLatency(options: LatencyOptions): Promise<LatencyResult> {
  const { relay, probe, test } = options.app;
  const consumer = await LatencyConsumer.start(options.consumer);
  try {
    const writers = await LatencyWriters.start(
      {
        database: { url: test.database.url, name: test.database.name },
        load: options.load,
        warmupMs: options.warmupMs,
      },
      options.writerThreads,
    );
    try {
      probe.reset();
      await relay.start();
      try {
        const committedAt = new Map<string, number>();
        const outcome = await writers.run((ids, at) =>
          ids.forEach((id, index) => committedAt.set(id, at[index]!)),
        );
        return {
          table: options.table,
          load: options.load,
          writerThreads: options.writerThreads,
          achievedEventsPerSecond: (outcome.events * 1000) / outcome.elapsedMs,
          lateCommits: outcome.lateCommits,
          ...(await summarizeLatency(committedAt, consumer, options.graceMs)),
          relay: probe.phases,
        };
      } finally {
        await relay.stop();
      }
    } finally {
      await writers.stop();
    }
  } finally {
    await consumer.stop();
  }
}

/**
 * Waits up to `graceMs` for the consumer to have seen every committed event, then takes each
 * one's receive time minus its commit time.
 */
export async function summarizeLatency(
  committedAt: ReadonlyMap<string, number>,
  consumer: LatencyConsumer,
  graceMs: number,
): Promise<LatencySummary> {
  const deadline = Date.now() + graceMs;
  while (consumer.countOf(committedAt.keys()) < committedAt.size && Date.now() < deadline) {
    await sleep(50);
  }
  const latencies: number[] = [];
  for (const [id, at] of committedAt) {
    const received = consumer.receivedAt(id);
    latencies.push(received === undefined ? Infinity : received - at);
  }
  if (latencies.length === 0) throw new Error('No commit fell into the measured window');
  return {
    measuredEvents: committedAt.size,
    missing: latencies.filter((ms) => ms === Infinity).length,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
  };
}

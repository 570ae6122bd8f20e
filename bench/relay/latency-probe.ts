import { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../shared/round-stats.js';
import type { LatencyConsumerConfig, LatencyConsumerReport } from './latency-consumer.worker.js';
import type { LatencyWritersConfig, LatencyWritersReport } from './latency-writers.worker.js';
import type { RelayBenchApp } from './fixture/relay-bench-app.js';
import type { WriterLoad, WriterOutcome } from './paced-writers.js';
import type { RelayPhases } from './relay-probe.js';

/** Commit → consumer latency of one run. */
export interface LatencyResult {
  /** The outbox table the run started on. */
  readonly table: string;
  readonly load: WriterLoad;
  /** Events per second the writers actually committed. */
  readonly achievedEventsPerSecond: number;
  readonly lateCommits: number;
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
  /** The relay's batches over the whole run (warm-up included): how big, and where time went. */
  readonly relay: RelayPhases;
}

/** Options of {@link measureLatency}. */
export interface LatencyOptions {
  /** Describes the outbox table the run starts on, for the report. */
  readonly table: string;
  /** The app whose relay publishes; the writers commit to its database from a thread of their own. */
  readonly app: RelayBenchApp;
  readonly consumer: LatencyConsumerConfig;
  readonly load: WriterLoad;
  /** The first part of the run is not measured: consumer offsets settle, the JIT warms up. */
  readonly warmupMs: number;
  /** How long after the last commit every measured event must have arrived. */
  readonly graceMs: number;
}

const CONSUMER_READY_TIMEOUT_MS = 30_000;

/**
 * Runs the writers at a fixed rate with the relay running and a consumer on the topics, and
 * takes, per event, the consumer's receive time minus the time its commit returned.
 */
export async function measureLatency(options: LatencyOptions): Promise<LatencyResult> {
  const { relay, probe, test } = options.app;
  const consumer = await LatencyConsumer.start(options.consumer);
  try {
    const writers = await LatencyWriters.start({
      database: { url: test.database.url, name: test.database.name },
      load: options.load,
      warmupMs: options.warmupMs,
    });
    try {
      probe.reset();
      await relay.start();
      try {
        const committedAt = new Map<string, number>();
        const outcome = await writers.run((ids, at) =>
          ids.forEach((id, index) => committedAt.set(id, at[index]!)),
        );
        const deadline = Date.now() + options.graceMs;
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
          table: options.table,
          load: options.load,
          achievedEventsPerSecond: (outcome.events * 1000) / outcome.elapsedMs,
          lateCommits: outcome.lateCommits,
          measuredEvents: committedAt.size,
          missing: latencies.filter((ms) => ms === Infinity).length,
          p50Ms: percentile(latencies, 50),
          p90Ms: percentile(latencies, 90),
          p99Ms: percentile(latencies, 99),
          maxMs: percentile(latencies, 100),
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

/** The writers thread: started (its app up) by `start`, paced by `run`, ended when done. */
class LatencyWriters {
  private constructor(private readonly worker: Worker) {}

  /** Starts the thread and waits until its app is up. */
  static async start(config: LatencyWritersConfig): Promise<LatencyWriters> {
    const worker = new Worker(new URL('./latency-writers.worker.js', import.meta.url), {
      workerData: config,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        worker.on('message', (report: LatencyWritersReport) => {
          if (report.type === 'ready') resolve();
          if (report.type === 'failed') reject(new Error(`The latency writers failed: ${report.error}`));
        });
        worker.on('error', reject);
      });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new LatencyWriters(worker);
  }

  /** Runs the load; reports measured commits as they come; resolves once the thread is done. */
  run(onCommitted: (ids: readonly string[], at: readonly number[]) => void): Promise<WriterOutcome> {
    return new Promise<WriterOutcome>((resolve, reject) => {
      let outcome: WriterOutcome | undefined;
      let failure: Error | undefined;
      this.worker.on('message', (report: LatencyWritersReport) => {
        if (report.type === 'committed') onCommitted(report.ids, report.at);
        if (report.type === 'done') outcome = report.outcome;
        if (report.type === 'failed') failure = new Error(`The latency writers failed: ${report.error}`);
      });
      this.worker.on('error', (error: Error) => {
        failure ??= error;
      });
      // The thread ends after closing its app, every report delivered before.
      this.worker.on('exit', () =>
        outcome && !failure
          ? resolve(outcome)
          : reject(failure ?? new Error('The latency writers stopped early')),
      );
      this.worker.postMessage({ type: 'run' });
    });
  }

  /** Ends the thread if it is still there (a failed run); nothing once it finished. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The consumer thread, and the first receive time of every event id it reported. */
class LatencyConsumer {
  private readonly received = new Map<string, number>();
  private stopped: Promise<void> | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (report: LatencyConsumerReport) => {
      if (report.type !== 'received') return;
      report.ids.forEach((id, index) => {
        // First delivery only: a redelivery is not what the latency is about.
        if (!this.received.has(id)) this.received.set(id, report.at[index]!);
      });
    });
  }

  /** Starts the thread and waits until its consumer joined the group. */
  static async start(config: LatencyConsumerConfig): Promise<LatencyConsumer> {
    const worker = new Worker(new URL('./latency-consumer.worker.js', import.meta.url), {
      workerData: config,
    });
    const consumer = new LatencyConsumer(worker);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`The latency consumer did not join within ${CONSUMER_READY_TIMEOUT_MS} ms`)),
          CONSUMER_READY_TIMEOUT_MS,
        );
        worker.on('message', (report: LatencyConsumerReport) => {
          if (report.type !== 'ready') return;
          clearTimeout(timer);
          resolve();
        });
        // Before it is ready an error fails the run; later ones show up as missing events.
        worker.on('error', (error: unknown) => {
          clearTimeout(timer);
          process.stderr.write(`Latency consumer failed: ${String(error)}\n`);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
      });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return consumer;
  }

  receivedAt(id: string): number | undefined {
    return this.received.get(id);
  }

  countOf(ids: Iterable<string>): number {
    let count = 0;
    for (const id of ids) if (this.received.has(id)) count += 1;
    return count;
  }

  /** Disconnects the consumer (leaving the group) and ends the thread. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate().then(() => resolve()), 10_000);
      this.worker.on('message', (report: LatencyConsumerReport) => {
        if (report.type !== 'stopped') return;
        clearTimeout(timer);
        void this.worker.terminate().then(() => resolve());
      });
      this.worker.postMessage({ type: 'stop' });
    });
    return this.stopped;
  }
}

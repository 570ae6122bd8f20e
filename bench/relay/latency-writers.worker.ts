// reflect-metadata first: the decorators of every module below read and write it on import.
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { RelayBenchApp } from './fixture/relay-bench-app.js';
import { PacedWriters, type WriterLoad, type WriterOutcome } from './paced-writers.js';

/** What the latency probe starts the writers with. */
export interface LatencyWritersConfig {
  /** The database of the app whose relay is measured. */
  readonly database: { readonly url: string; readonly name: string };
  readonly load: WriterLoad;
  /** Commits due earlier than this (ms after the start) are not reported. */
  readonly warmupMs: number;
}

/** Messages from the writers thread. */
export type LatencyWritersReport =
  | { readonly type: 'ready' }
  /** Event ids of measured commits, and when each commit returned (epoch ms). */
  | { readonly type: 'committed'; readonly ids: string[]; readonly at: number[] }
  | { readonly type: 'done'; readonly outcome: WriterOutcome }
  | { readonly type: 'failed'; readonly error: string };

/** Messages to the writers thread. */
export type LatencyWritersCommand = { readonly type: 'run' };

// How often commit times go to the main thread; batching keeps messaging off the hot path.
const REPORT_INTERVAL_MS = 50;

/**
 * The application instances that write, in a thread of their own: an app with the benchmark's
 * commands on the measured app's database, its relay off. At half the relay's top rate a single
 * thread cannot both run these units of work and relay them, so, as in a deployment with that
 * much traffic, the writes come from elsewhere and the measured app only relays. They still
 * share the machine's cores, the database and its NOTIFY with the relay.
 */
async function main(): Promise<void> {
  const port = parentPort!;
  const config = workerData as LatencyWritersConfig;
  let writer: Awaited<ReturnType<typeof RelayBenchApp.writer>> | undefined;
  try {
    writer = await RelayBenchApp.writer({ ...config.database, drop: async () => undefined });
    const run = new Promise<void>((resolve) =>
      port.once('message', (command: LatencyWritersCommand) => command.type === 'run' && resolve()),
    );
    port.postMessage({ type: 'ready' } satisfies LatencyWritersReport);
    await run;
    let ids: string[] = [];
    let at: number[] = [];
    const flush = () => {
      if (ids.length === 0) return;
      port.postMessage({ type: 'committed', ids, at } satisfies LatencyWritersReport);
      ids = [];
      at = [];
    };
    const timer = setInterval(flush, REPORT_INTERVAL_MS);
    try {
      const outcome = await PacedWriters.ofApp(writer.commands).run(
        config.load,
        (eventIds, dueMs, committedAt) => {
          if (dueMs < config.warmupMs) return;
          for (const id of eventIds) {
            ids.push(id);
            at.push(committedAt);
          }
        },
      );
      flush();
      port.postMessage({ type: 'done', outcome } satisfies LatencyWritersReport);
    } finally {
      clearInterval(timer);
    }
  } catch (error) {
    port.postMessage({ type: 'failed', error: String(error) } satisfies LatencyWritersReport);
  } finally {
    await writer?.close();
  }
}

await main();

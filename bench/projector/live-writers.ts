import { Worker } from 'node:worker_threads';
import type { TestDatabase } from '@ddd-kit/testing';
import type {
  LatencyWritersCommand,
  LatencyWritersConfig,
  LatencyWritersReport,
} from '../relay/latency-writers.worker.js';
import type { WriterLoad, WriterOutcome } from '../relay/paced-writers.js';

/**
 * The relay bench's writers thread, reused as is: another instance of the app (accounts and the
 * outbox, no relay, no projector) committing real units of work at a fixed rate on the measured
 * app's database, so the writes never share the event loop with the projector being measured.
 * Started (its app up) by `start`, paced by `run`, ended when done.
 */
export class LiveWriters {
  private constructor(private readonly worker: Worker) {}

  /** Starts the thread and waits until its app is up. */
  static async start(
    database: Pick<TestDatabase, 'url' | 'name'>,
    load: WriterLoad,
    warmupMs: number,
  ): Promise<LiveWriters> {
    const config: LatencyWritersConfig = {
      database: { url: database.url, name: database.name },
      load,
      warmupMs,
    };
    const worker = new Worker(new URL('../relay/latency-writers.worker.js', import.meta.url), {
      workerData: config,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        worker.on('message', (report: LatencyWritersReport) => {
          if (report.type === 'ready') resolve();
          if (report.type === 'failed') reject(new Error(`The writers failed: ${report.error}`));
        });
        worker.on('error', reject);
      });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new LiveWriters(worker);
  }

  /**
   * Runs the load; reports the commits after the warm-up as they come (event ids, and when each
   * commit returned, epoch ms); resolves once the thread is done.
   */
  run(onCommitted: (ids: readonly string[], at: readonly number[]) => void): Promise<WriterOutcome> {
    return new Promise<WriterOutcome>((resolve, reject) => {
      let outcome: WriterOutcome | undefined;
      let failure: Error | undefined;
      this.worker.on('message', (report: LatencyWritersReport) => {
        if (report.type === 'committed') onCommitted(report.ids, report.at);
        if (report.type === 'done') outcome = report.outcome;
        if (report.type === 'failed') failure = new Error(`The writers failed: ${report.error}`);
      });
      this.worker.on('error', (error: Error) => {
        failure ??= error;
      });
      // The thread ends after closing its app, every report delivered before.
      this.worker.on('exit', () =>
        outcome && !failure ? resolve(outcome) : reject(failure ?? new Error('The writers stopped early')),
      );
      this.worker.postMessage({ type: 'run' } satisfies LatencyWritersCommand);
    });
  }

  /** Ends the thread if it is still there (a failed run); nothing once it finished. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

import { Worker } from 'node:worker_threads';
import type { LatencyWritersConfig, LatencyWritersReport } from './latency-writers.worker.js';
import type { WriterOutcome } from './paced-writers.js';

/** The writers thread: started (its app up) by `start`, paced by `run`, ended when done. */
class LatencyWritersThread {
  private constructor(private readonly worker: Worker) {}

  /** Starts the thread and waits until its app is up. */
  static async start(config: LatencyWritersConfig): Promise<LatencyWritersThread> {
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
    return new LatencyWritersThread(worker);
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

/**
 * Writer threads sharing a load: each commits `eventsPerSecond / threads` through an app of its
 * own on the measured app's database, as several application instances would.
 */
export class LatencyWriters {
  private constructor(private readonly threads: readonly LatencyWritersThread[]) {}

  /** Starts `threads` writer threads and waits until all their apps are up. */
  static async start(config: LatencyWritersConfig, threads: number): Promise<LatencyWriters> {
    const share = {
      ...config,
      load: { ...config.load, eventsPerSecond: config.load.eventsPerSecond / threads },
    };
    const started = await Promise.allSettled(
      Array.from({ length: threads }, () => LatencyWritersThread.start(share)),
    );
    const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      await Promise.all(running.map((thread) => thread.stop()));
      throw failed.reason;
    }
    return new LatencyWriters(running);
  }

  /** Runs every thread's share at once; the outcome sums them over the longest elapsed time. */
  async run(onCommitted: (ids: readonly string[], at: readonly number[]) => void): Promise<WriterOutcome> {
    const outcomes = await Promise.all(this.threads.map((thread) => thread.run(onCommitted)));
    return {
      commits: outcomes.reduce((sum, outcome) => sum + outcome.commits, 0),
      events: outcomes.reduce((sum, outcome) => sum + outcome.events, 0),
      elapsedMs: Math.max(...outcomes.map((outcome) => outcome.elapsedMs)),
      lateCommits: outcomes.reduce((sum, outcome) => sum + outcome.lateCommits, 0),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.stop()));
  }
}

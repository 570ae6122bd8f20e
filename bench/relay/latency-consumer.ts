import { Worker } from 'node:worker_threads';
import type { LatencyConsumerConfig, LatencyConsumerReport } from './latency-consumer.worker.js';

const CONSUMER_READY_TIMEOUT_MS = 30_000;

/** The consumer thread, and the first receive time of every event id it reported. */
export class LatencyConsumer {
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

import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Counter, Gauge, Histogram } from 'prom-client';
import { OwnedMetrics } from '@ddd-kit/database';
import { JobQueues } from './job-queues.js';

type QueueCounts = Record<string, Record<string, number>>;

// One count per queue serves the gauges of a scrape; a Redis that does not answer fails fast.
const COUNTS_CACHE_MS = 1_000;
const COUNTS_TIMEOUT_MS = 1_000;

/**
 * The jobs' Prometheus metrics: outcomes and durations per job type, counted by this process's
 * workers, and queue depths per queue, read from Redis at scrape time so every instance reports
 * the same backlog.
 */
@Injectable()
export class JobMetrics implements OnModuleDestroy {
  private readonly logger = new Logger(JobMetrics.name);
  private readonly owned = new OwnedMetrics();
  private readonly completedTotal: Counter<'type'>;
  private readonly failedTotal: Counter<'type' | 'outcome'>;
  private readonly durationSeconds: Histogram<'type'>;
  private counts: { at: number; value: Promise<QueueCounts> } | undefined;

  constructor(private readonly queues: JobQueues) {
    this.completedTotal = this.owned.add(
      new Counter({
        name: 'wms_jobs_completed_total',
        help: 'Jobs that completed, by type.',
        labelNames: ['type'],
        registers: [],
      }),
    );
    this.failedTotal = this.owned.add(
      new Counter({
        name: 'wms_jobs_failed_total',
        help: 'Failed job attempts, by type; outcome "retry" is retried with backoff, "final" is kept as failed.',
        labelNames: ['type', 'outcome'],
        registers: [],
      }),
    );
    this.durationSeconds = this.owned.add(
      new Histogram({
        name: 'wms_job_duration_seconds',
        help: 'Duration of job attempts, by type.',
        labelNames: ['type'],
        buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        registers: [],
      }),
    );
    for (const state of ['waiting', 'delayed', 'active'] as const) {
      const read = () => this.readCounts();
      this.owned.add(
        new Gauge({
          name: `wms_jobs_${state}`,
          help: `Jobs ${state} now, by queue.`,
          labelNames: ['queue'],
          registers: [],
          async collect() {
            for (const [queue, counts] of Object.entries(await read()))
              this.set({ queue }, counts[state] ?? 0);
          },
        }),
      );
    }
  }

  onModuleDestroy(): void {
    this.owned.removeAll();
  }

  completed(job: Job): void {
    this.completedTotal.inc({ type: job.name });
    this.observeDuration(job);
  }

  /** Counts a failed attempt; BullMQ stamps `finishedOn` only when no retry follows. */
  failed(job: Job): void {
    this.failedTotal.inc({ type: job.name, outcome: job.finishedOn ? 'final' : 'retry' });
    this.observeDuration(job);
  }

  private observeDuration(job: Job): void {
    if (job.processedOn)
      this.durationSeconds.observe({ type: job.name }, (Date.now() - job.processedOn) / 1000);
  }

  private async readCounts(): Promise<QueueCounts> {
    if (!this.counts || Date.now() - this.counts.at > COUNTS_CACHE_MS) {
      this.counts = { at: Date.now(), value: this.countAll() };
    }
    try {
      return await this.counts.value;
    } catch (error) {
      // A scrape must not fail because Redis is away; the gauges keep their last value.
      this.logger.warn({ msg: 'Could not count queued jobs', error: String(error) });
      this.counts = undefined;
      return {};
    }
  }

  private async countAll(): Promise<QueueCounts> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer in time')), COUNTS_TIMEOUT_MS);
    });
    try {
      const entries = await Promise.race([
        Promise.all(
          this.queues
            .all()
            .map(
              async (queue) =>
                [queue.name, await queue.getJobCounts('waiting', 'delayed', 'active')] as const,
            ),
        ),
        timeout,
      ]);
      return Object.fromEntries(entries);
    } finally {
      clearTimeout(timer);
    }
  }
}

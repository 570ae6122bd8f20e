import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DddError } from '@ddd-kit/core';
import { TenantAwareProcessor } from '@ddd-kit/tenancy';
import { WMS_CONFIG, type WmsConfig } from '../../shared/config/wms.config.js';
import { WMS_QUEUES } from '../registry/job-queues.js';
import { JobRegistry } from '../registry/job-registry.js';
import { ThrottledErrorLog } from './throttled-error-log.js';
import { jobFailureError } from './job-failure.js';
import { JobMetrics } from './job-metrics.js';

/** What a job of the task registry stores: its prepared input (the passport is added beside it). */
export interface RegisteredJobData {
  readonly input: unknown;
}

/**
 * Runs the jobs of one queue with the handler of their type (the job's name). Workers are created
 * idle (`autorun: false`) and started at bootstrap only when `JOB_WORKERS_ENABLED` allows it, so
 * the rebuild CLI or an API-only instance never takes a job. On shutdown, before the database
 * goes, each worker stops taking jobs and waits for the ones it is running.
 */
@Injectable()
export abstract class RegisteredJobsWorker
  extends WorkerHost
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly registry: JobRegistry,
    private readonly metrics: JobMetrics,
    @Inject(WMS_CONFIG) private readonly config: WmsConfig,
  ) {
    super();
  }

  async process(job: Job<RegisteredJobData>): Promise<unknown> {
    try {
      // A type unknown here (removed since the job was queued) fails the job for good.
      const { handler } = this.registry.get(job.name);
      return await handler.run(job.data.input, {
        id: job.id ?? '',
        attempt: job.attemptsMade + 1,
        progress: (percent) => job.updateProgress(Math.max(0, Math.min(100, Math.round(percent)))),
      });
    } catch (error) {
      const known = error instanceof DddError;
      // Known errors by their code; anything unexpected with its stack, which clients never see.
      this.logger[known ? 'warn' : 'error']({
        msg: 'Job attempt failed',
        jobId: job.id,
        type: job.name,
        attempt: job.attemptsMade + 1,
        error: known || !(error instanceof Error) ? String(error) : (error.stack ?? error.message),
      });
      throw jobFailureError(error);
    }
  }

  onApplicationBootstrap(): void {
    const worker = this.worker;
    worker.on('completed', (job) => this.metrics.completed(job));
    worker.on('failed', (job) => job && this.metrics.failed(job));
    // Mostly connection trouble, reported on every reconnection attempt.
    const errors = new ThrottledErrorLog(this.logger, 'Job worker error', { queue: worker.name });
    worker.on('error', (error) => errors.report(error));
    if (!this.config.jobWorkersEnabled) return;
    worker.concurrency = this.config.jobConcurrency;
    worker.run().catch((error: unknown) => {
      this.logger.error({ msg: 'Job worker stopped', queue: worker.name, error: String(error) });
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    // Without Redis no job can finish, and a graceful close would wait for a connection forever.
    if (!(await settlesWithin(worker.waitUntilReady(), REDIS_READY_WAIT_MS))) {
      await worker.close(true);
      return;
    }
    if (!(await settlesWithin(worker.close(), this.config.jobShutdownGraceMs))) {
      // Their locks expire and BullMQ hands them to another worker as stalled jobs.
      this.logger.warn({ msg: 'Jobs still running at shutdown are left to be retried', queue: worker.name });
    }
  }
}

const REDIS_READY_WAIT_MS = 250;

/** Whether the promise settles within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    () => true,
  );
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The worker of the `imports` queue. */
@TenantAwareProcessor(WMS_QUEUES.imports, { autorun: false })
export class ImportsWorker extends RegisteredJobsWorker {}

/** The worker of the `reports` queue. */
@TenantAwareProcessor(WMS_QUEUES.reports, { autorun: false })
export class ReportsWorker extends RegisteredJobsWorker {}

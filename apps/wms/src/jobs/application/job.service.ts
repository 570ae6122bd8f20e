import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { jobPassport, TenantContext } from '@ddd-kit/tenancy';
import { parseJobFailure, type JobFailure } from '../infrastructure/job-failure.js';
import { JobQueues } from '../infrastructure/job-queues.js';
import type { RegisteredJobData } from '../infrastructure/registered-jobs.worker.js';
import { describeJobInput, validateJobInput, type JobInputField } from '../registry/job-input.js';
import { JobRegistry } from '../registry/job-registry.js';
import { JobNotFoundError } from '../registry/job.errors.js';

/** Where a job stands. Retries wait as `delayed`. */
export type JobStatus = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

/** A job type as the registry lists it. */
export interface JobTypeView {
  readonly type: string;
  readonly queue: string;
  readonly description: string;
  readonly input: Record<string, JobInputField>;
}

/** A job just submitted. */
export interface SubmittedJob {
  readonly id: string;
  readonly type: string;
  readonly status: JobStatus;
}

/** A job as its tenant sees it. */
export interface JobView extends SubmittedJob {
  /** Percent, 0–100. */
  readonly progress: number;
  readonly result: unknown;
  /** Why the last attempt failed: on a failed job, and on a job waiting to be retried. */
  readonly failure: JobFailure | null;
  readonly attempts: { readonly made: number; readonly max: number };
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

// Ids are UUIDv7 we give out; anything else is not worth a Redis lookup.
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const STATUS_OF_STATE: Readonly<Record<string, JobStatus>> = {
  waiting: 'waiting',
  prioritized: 'waiting',
  'waiting-children': 'waiting',
  delayed: 'delayed',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
};

/**
 * The task registry's use cases: list the job types, submit a job of the current tenant, and
 * read one back. A job belongs to the tenant whose passport it carries; to every other tenant it
 * does not exist.
 */
@Injectable()
export class JobService {
  constructor(
    private readonly registry: JobRegistry,
    private readonly queues: JobQueues,
    private readonly tenants: TenantContext,
  ) {}

  types(): JobTypeView[] {
    return this.registry.all().map(({ options }) => ({
      type: options.name,
      queue: options.queue,
      description: options.description,
      input: describeJobInput(options.input),
    }));
  }

  /**
   * Validates the input against its type and queues the job, after `delayMs` if given.
   * @throws JobTypeUnknownError, RequestValidationError, or the type's own `ValidationError`
   */
  async submit(type: string, input: unknown, delayMs = 0): Promise<SubmittedJob> {
    this.tenants.requireTenantId();
    const { options, handler } = this.registry.get(type);
    const valid = await validateJobInput(options.input, input);
    const data: RegisteredJobData = { input: handler.prepare ? await handler.prepare(valid) : valid };
    const id = uuidv7();
    // Attempts, backoff and retention are the queue's defaults (jobs.module.ts).
    await this.queues
      .get(options.queue)
      .add(type, data, { jobId: id, ...(delayMs > 0 && { delay: delayMs }) });
    return { id, type, status: delayMs > 0 ? 'delayed' : 'waiting' };
  }

  /** @throws JobNotFoundError for an unknown id and for another tenant's job */
  async get(id: string): Promise<JobView> {
    const tenantId = this.tenants.requireTenantId();
    if (!JOB_ID.test(id)) throw new JobNotFoundError(id);
    for (const queue of this.queues.all()) {
      // The state first, then the job: read the other way round, a job finishing in between came
      // back `completed` with the fields of its active self (no result, no attempt counted).
      const status = STATUS_OF_STATE[await queue.getJobState(id)];
      if (!status) continue;
      const job = (await queue.getJob(id)) as Job<RegisteredJobData> | undefined;
      // Removed (retention) between the two reads.
      if (!job) break;
      if (jobPassport(job).tenantId !== tenantId) break;
      return view(job, status);
    }
    throw new JobNotFoundError(id);
  }
}

function view(job: Job, status: JobStatus): JobView {
  const reported = typeof job.progress === 'number' ? job.progress : 0;
  return {
    id: job.id ?? '',
    type: job.name,
    status,
    progress: status === 'completed' ? 100 : reported,
    result: status === 'completed' ? (job.returnvalue as unknown) : null,
    failure: status === 'completed' ? null : parseJobFailure(job.failedReason),
    attempts: { made: job.attemptsMade, max: job.opts.attempts ?? 1 },
    createdAt: new Date(job.timestamp).toISOString(),
    startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

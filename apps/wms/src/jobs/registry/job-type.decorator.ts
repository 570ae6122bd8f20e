import { applyDecorators, Injectable, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { WmsQueueName } from './job-queues.js';

/** What the task registry knows of a job type. */
export interface JobTypeOptions {
  /** The name clients submit, e.g. `sku-import`. Stable once shipped. */
  readonly name: string;
  /** The queue its jobs run on. */
  readonly queue: WmsQueueName;
  /** One line for `GET /api/v1/jobs/types`. */
  readonly description: string;
  /**
   * The class-validator class of the job's input. The input is checked against it when the job
   * is submitted (a 400 `VALIDATION_FAILED` otherwise), and `GET /api/v1/jobs/types` summarizes it.
   */
  readonly input: Type<object>;
}

const JobTypeMetadata = DiscoveryService.createDecorator<JobTypeOptions>();

/**
 * Registers the class as a job type: an injectable `JobHandler` that the task registry finds at
 * startup. Adding a job type is this one class, listed in the jobs module's providers.
 *
 * @example
 * ```ts
 * @JobType({ name: 'sku-import', queue: WMS_QUEUES.imports, description: '…', input: SkuImportInput })
 * export class SkuImportJob implements JobHandler<SkuImportInput, SkuImportData, SkuImportResult> { … }
 * ```
 */
export function JobType(options: JobTypeOptions): ClassDecorator {
  return applyDecorators(Injectable(), JobTypeMetadata(options));
}

/** The discoverable decorator behind `@JobType`, for the registry. */
export const JOB_TYPE_DECORATOR = JobTypeMetadata;

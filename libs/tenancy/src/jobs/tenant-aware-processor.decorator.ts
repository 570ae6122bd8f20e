import { Processor, type ProcessorOptions, type WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { TenantContext } from '../context/tenant-context.js';
import { jobPassport } from './job-passport.js';

const TENANT_AWARE = Symbol('ddd-kit:tenant-aware-processor');

// @nestjs/bullmq does not export its worker options type; its last overload carries it.
type NestWorkerOptions = Parameters<typeof Processor>[1];

/**
 * `@Processor(queue)` whose jobs run inside the passport they were enqueued with (tenant, actor,
 * correlation), on every attempt, retries included. A job without a passport runs with none, so
 * tenant-scoped data fails closed.
 */
export function TenantAwareProcessor(
  queue: string | ProcessorOptions,
  workerOptions: NestWorkerOptions = {},
): ClassDecorator {
  return (target) => {
    // The overloads of `Processor` take a name or options alike; one call covers both.
    Processor(queue as ProcessorOptions, workerOptions)(target);
    const prototype = target.prototype as WorkerHost;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the worker as `this` below
    const process = prototype.process as (job: Job, token?: string) => Promise<unknown>;
    prototype.process = function (this: WorkerHost, job: Job, token?: string) {
      return TenantContext.fromCls().runWithPassport(jobPassport(job), () => process.call(this, job, token));
    };
    Reflect.defineMetadata(TENANT_AWARE, true, target);
  };
}

/** Whether a processor class restores job passports. */
export function isTenantAwareProcessor(processorClass: object): boolean {
  return Reflect.getMetadata(TENANT_AWARE, processorClass) === true;
}

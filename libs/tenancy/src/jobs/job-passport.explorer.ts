import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue } from 'bullmq';
import { TenantContext } from '../context/tenant-context.js';
import { isTenantAwareProcessor } from './tenant-aware-processor.decorator.js';
import { withJobPassport } from './job-passport.js';

/** The part of a BullMQ `Queue` that enqueues. */
interface JobQueue {
  add(name: string, data: unknown, options?: unknown): Promise<unknown>;
  addBulk(jobs: { name: string; data: unknown; opts?: unknown }[]): Promise<unknown>;
}

// @nestjs/bullmq marks processor classes with this key (`@Processor(...)`).
const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/**
 * Makes every BullMQ queue of the app carry the passport: `add` and `addBulk` of each `Queue`
 * provider (what `@InjectQueue` gives) put the current passport into the job's data, so callers
 * cannot forget it. Workers restore it with `@TenantAwareProcessor`; a plain `@Processor` is
 * reported at startup, since its jobs would run without a tenant.
 */
@Injectable()
export class JobPassportExplorer implements OnModuleInit {
  private readonly logger = new Logger('TenancyModule');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly tenants: TenantContext,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance instanceof Queue) this.carryPassport(instance as JobQueue);
      if (
        wrapper.metatype &&
        Reflect.hasMetadata(PROCESSOR_METADATA, wrapper.metatype) &&
        !isTenantAwareProcessor(wrapper.metatype)
      ) {
        this.logger.warn({
          msg: 'Jobs of this processor run without their passport: use @TenantAwareProcessor',
          processor: wrapper.metatype.name,
        });
      }
    }
  }

  private carryPassport(queue: JobQueue): void {
    const add = queue.add.bind(queue);
    const addBulk = queue.addBulk.bind(queue);
    const passport = () => this.tenants.currentPassport();
    queue.add = (name, data, options) => add(name, withJobPassport(data, passport()), options);
    queue.addBulk = (jobs) =>
      addBulk(jobs.map((job) => ({ ...job, data: withJobPassport(job.data, passport()) })));
  }
}

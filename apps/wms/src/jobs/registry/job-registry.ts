import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { JobHandler } from './job-handler.js';
import { JobTypeUnknownError } from './job.errors.js';
import { JOB_TYPE_DECORATOR, type JobTypeOptions } from './job-type.decorator.js';

/** A job type found at startup: its options and its handler instance. */
export interface RegisteredJobType {
  readonly options: JobTypeOptions;
  readonly handler: JobHandler<object, unknown>;
}

/**
 * The task registry: every `@JobType` provider of the app, by name. Filled once at startup
 * through Nest's discovery, like `@nestjs/cqrs` finds its handlers; nothing registers itself in a
 * static list.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly types = new Map<string, RegisteredJobType>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: JOB_TYPE_DECORATOR.KEY })) {
      const options = this.discovery.getMetadataByDecorator(JOB_TYPE_DECORATOR, wrapper);
      if (!options || !wrapper.instance) continue;
      if (this.types.has(options.name)) throw new TypeError(`Job type "${options.name}" is registered twice`);
      this.types.set(options.name, { options, handler: wrapper.instance as JobHandler<object, unknown> });
    }
  }

  /** Every job type, by name. */
  all(): RegisteredJobType[] {
    return [...this.types.values()].sort((a, b) => a.options.name.localeCompare(b.options.name));
  }

  /** @throws JobTypeUnknownError */
  get(type: string): RegisteredJobType {
    const found = this.types.get(type);
    if (!found) throw new JobTypeUnknownError(type);
    return found;
  }
}

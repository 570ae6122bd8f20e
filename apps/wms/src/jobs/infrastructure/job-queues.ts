import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { WMS_QUEUES, type WmsQueueName } from '../registry/job-queues.js';
import { ThrottledErrorLog } from './throttled-error-log.js';

/**
 * The BullMQ queues of the app, by name. They are the `Queue` providers of `BullModule`, whose
 * `add` the tenancy module wraps so that every job carries the submitter's passport.
 */
@Injectable()
export class JobQueues implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  private readonly queues = new Map<WmsQueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of Object.values(WMS_QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      // Without a listener BullMQ prints each connection error to the console.
      const errors = new ThrottledErrorLog(this.logger, 'Job queue error; BullMQ reconnects by itself', {
        queue: name,
      });
      queue.on('error', (error) => errors.report(error));
      this.queues.set(name, queue);
    }
  }

  get(name: WmsQueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new TypeError(`Queue "${name}" is not registered`);
    return queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }
}

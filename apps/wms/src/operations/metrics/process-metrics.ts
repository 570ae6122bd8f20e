import { Injectable, type OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';

/**
 * prom-client's default metrics of the Node process: CPU, memory, event-loop lag, GC. They
 * belong to the process rather than to an app, so they are registered once and stay.
 */
@Injectable()
export class ProcessMetrics implements OnModuleInit {
  onModuleInit(): void {
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register });
  }
}

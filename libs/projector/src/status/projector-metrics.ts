import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Histogram, register, type Metric } from 'prom-client';
import { OwnedMetrics } from '@ddd-kit/database';
import { PROJECTOR_MODULE_OPTIONS } from '../projector.module-definition.js';
import type { ProjectorModuleOptions } from '../projector.options.js';

/**
 * The projectors' counters and timings. Lag gauges are read at scrape time by
 * `ProjectorStatusService` (see `ProjectorLagGauges`), from the same tables every instance sees.
 */
@Injectable()
export class ProjectorMetrics implements OnModuleDestroy {
  private readonly owned: OwnedMetrics;
  private readonly appliedTotal: Counter<'projector'>;
  private readonly parkedTotal: Counter<'projector'>;
  private readonly batchSeconds: Histogram<'projector'>;

  constructor(@Inject(PROJECTOR_MODULE_OPTIONS) options: ProjectorModuleOptions) {
    this.owned = new OwnedMetrics(options.metrics?.registry ?? register);
    this.appliedTotal = this.add(
      new Counter({
        name: 'ddd_kit_projector_events_applied_total',
        help: 'Events applied to read models.',
        labelNames: ['projector'],
        registers: [],
      }),
    );
    this.parkedTotal = this.add(
      new Counter({
        name: 'ddd_kit_projector_events_parked_total',
        help: 'Events parked: poison events and the events of their aggregate that wait behind them.',
        labelNames: ['projector'],
        registers: [],
      }),
    );
    this.batchSeconds = this.add(
      new Histogram({
        name: 'ddd_kit_projector_batch_seconds',
        help: 'Duration of applying one batch, retries included.',
        labelNames: ['projector'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [],
      }),
    );
  }

  onModuleDestroy(): void {
    this.owned.removeAll();
  }

  applied(projector: string, count: number): void {
    if (count > 0) this.appliedTotal.inc({ projector }, count);
  }

  parked(projector: string, count: number): void {
    this.parkedTotal.inc({ projector }, count);
  }

  startBatch(projector: string): () => void {
    return this.batchSeconds.startTimer({ projector });
  }

  /** Registers a metric this module owns; the newest owner of a name wins (see OwnedMetrics). */
  add<M extends Metric>(metric: M): M {
    return this.owned.add(metric);
  }
}

import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ProjectorMetrics } from './projector-metrics.js';
import { ProjectorStatusService, type ProjectorStatus } from './projector-status.service.js';

// One status read serves the gauges of a scrape.
const STATUS_CACHE_MS = 1_000;

/** Lag and parked gauges, read from the shared tables at scrape time. */
@Injectable()
export class ProjectorLagGauges implements OnModuleInit {
  private readonly logger = new Logger(ProjectorLagGauges.name);
  private cached: { at: number; value: Promise<ProjectorStatus[]> } | undefined;

  constructor(
    private readonly metrics: ProjectorMetrics,
    private readonly status: ProjectorStatusService,
  ) {}

  onModuleInit(): void {
    const gauge = (name: string, help: string, read: (status: ProjectorStatus) => number): void => {
      const statuses = () => this.statuses();
      this.metrics.add(
        new Gauge({
          name,
          help,
          labelNames: ['projector'],
          registers: [],
          async collect() {
            for (const status of await statuses()) this.set({ projector: status.name }, read(status));
          },
        }),
      );
    };
    gauge('ddd_kit_projector_lag_events', 'Events not yet applied.', (s) => s.lag.events);
    gauge('ddd_kit_projector_lag_seconds', 'Age of the oldest event not yet applied.', (s) => s.lag.seconds);
    gauge('ddd_kit_projector_parked_events', 'Events parked now.', (s) => s.parked);
  }

  private async statuses(): Promise<ProjectorStatus[]> {
    if (!this.cached || Date.now() - this.cached.at > STATUS_CACHE_MS)
      this.cached = { at: Date.now(), value: this.status.all() };
    try {
      return await this.cached.value;
    } catch (error) {
      // A scrape must not fail because the database or broker is away.
      this.logger.warn({ msg: 'Could not read projector status', error: String(error) });
      this.cached = undefined;
      return [];
    }
  }
}

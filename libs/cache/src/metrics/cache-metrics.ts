import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Histogram, register, type Metric, type Registry } from 'prom-client';
import { OwnedMetrics } from '@ddd-kit/database';
import { CACHE_MODULE_OPTIONS } from '../cache.module-definition.js';
import type { CacheModuleOptions } from '../cache.options.js';

/** Options of the cache metrics. */
export interface CacheMetricsOptions {
  /** The prom-client registry to register on. @default prom-client's global `register` */
  readonly registry?: Registry;
}

/** What the cache was doing when the store failed; the label of the error counter. */
export type CacheOperation =
  'connect' | 'read' | 'write' | 'delete' | 'stamp' | 'invalidate' | 'lock' | 'unlock';

/**
 * The cache's Prometheus metrics. Hits, misses and stale serves count lookups; loads are timed
 * (their count is the number of loader runs, the measure of single flight); errors count store
 * failures that were bypassed, by operation.
 */
@Injectable()
export class CacheMetrics implements OnModuleDestroy {
  private readonly owned: OwnedMetrics;

  private readonly hitsTotal: Counter;
  private readonly missesTotal: Counter;
  private readonly staleServedTotal: Counter;
  private readonly errorsTotal: Counter<'operation'>;
  private readonly lockWaitTimeoutsTotal: Counter;
  private readonly loadSeconds: Histogram;

  constructor(@Inject(CACHE_MODULE_OPTIONS) options: CacheModuleOptions) {
    this.owned = new OwnedMetrics(options.metrics?.registry ?? register);
    const counter = (name: string, help: string) => this.add(new Counter({ name, help, registers: [] }));
    this.hitsTotal = counter('ddd_kit_cache_hits_total', 'Lookups answered by a fresh entry.');
    this.missesTotal = counter('ddd_kit_cache_misses_total', 'Lookups that found no servable entry.');
    this.staleServedTotal = counter(
      'ddd_kit_cache_stale_served_total',
      'Lookups answered by an entry past its freshness, inside its stale window, while it is refreshed.',
    );
    this.lockWaitTimeoutsTotal = counter(
      'ddd_kit_cache_lock_wait_timeouts_total',
      "Callers that stopped waiting for another process's load and loaded themselves.",
    );
    this.errorsTotal = this.add(
      new Counter({
        name: 'ddd_kit_cache_errors_total',
        help: 'Store failures; the request went on without the cache.',
        labelNames: ['operation'],
        registers: [],
      }),
    );
    this.loadSeconds = this.add(
      new Histogram({
        name: 'ddd_kit_cache_load_seconds',
        help: 'Duration of the loaders run on a miss or a refresh.',
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [],
      }),
    );
  }

  onModuleDestroy(): void {
    this.owned.removeAll();
  }

  hit(): void {
    this.hitsTotal.inc();
  }

  miss(): void {
    this.missesTotal.inc();
  }

  staleServed(): void {
    this.staleServedTotal.inc();
  }

  lockWaitTimedOut(): void {
    this.lockWaitTimeoutsTotal.inc();
  }

  failed(operation: CacheOperation): void {
    this.errorsTotal.inc({ operation });
  }

  /** Times a loader run. */
  startLoad(): () => void {
    return this.loadSeconds.startTimer();
  }

  /** Registers a metric this module owns; the newest owner of a name wins (see OwnedMetrics). */
  private add<M extends Metric>(metric: M): M {
    return this.owned.add(metric);
  }
}

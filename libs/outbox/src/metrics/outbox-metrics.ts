import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, register, type Metric, type Registry } from 'prom-client';
import { OwnedMetrics } from '@ddd-kit/database';
import { OUTBOX_MODULE_OPTIONS } from '../outbox.module-definition.js';
import type { OutboxModuleOptions } from '../outbox.options.js';
import { OutboxStore, type OutboxBacklog } from '../relay/outbox-store.js';

/** Options of the outbox metrics. */
export interface OutboxMetricsOptions {
  /** The prom-client registry to register on. @default prom-client's global `register` */
  readonly registry?: Registry;
}

// One backlog query serves the three gauges of a scrape.
const BACKLOG_CACHE_MS = 1_000;

/**
 * The outbox's Prometheus metrics. Counters come from the relay as it works; the backlog gauges
 * (pending, dead, oldest pending age) are read from the table at scrape time, so every instance
 * reports the same truth whichever relay did the work.
 */
@Injectable()
export class OutboxMetrics implements OnModuleDestroy {
  private readonly logger = new Logger(OutboxMetrics.name);
  private readonly owned: OwnedMetrics;
  private backlog: { at: number; value: Promise<OutboxBacklog> } | undefined;

  private readonly publishedTotal: Counter<'topic'>;
  private readonly failuresTotal: Counter<'topic' | 'outcome'>;
  private readonly roundSeconds: Histogram;

  constructor(
    private readonly store: OutboxStore,
    @Inject(OUTBOX_MODULE_OPTIONS) options: OutboxModuleOptions,
  ) {
    this.owned = new OwnedMetrics(options.metrics?.registry ?? register);
    this.publishedTotal = this.add(
      new Counter({
        name: 'ddd_kit_outbox_published_total',
        help: 'Outbox messages the broker confirmed.',
        labelNames: ['topic'],
        registers: [],
      }),
    );
    this.failuresTotal = this.add(
      new Counter({
        name: 'ddd_kit_outbox_failures_total',
        help: 'Failed send attempts; outcome "retry" backs off, "dead" parks the aggregate.',
        labelNames: ['topic', 'outcome'],
        registers: [],
      }),
    );
    this.roundSeconds = this.add(
      new Histogram({
        name: 'ddd_kit_outbox_relay_round_seconds',
        help: 'Duration of one relay round: claim, send, settle.',
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [],
      }),
    );
    const backlogGauge = (name: string, help: string, read: (backlog: OutboxBacklog) => number) => {
      const readBacklog = () => this.readBacklog();
      this.add(
        new Gauge({
          name,
          help,
          registers: [],
          async collect() {
            const backlog = await readBacklog();
            if (backlog) this.set(read(backlog));
          },
        }),
      );
    };
    backlogGauge('ddd_kit_outbox_pending_messages', 'Outbox messages not yet published.', (b) => b.pending);
    backlogGauge('ddd_kit_outbox_dead_messages', 'Outbox messages parked as dead.', (b) => b.dead);
    backlogGauge(
      'ddd_kit_outbox_oldest_pending_age_seconds',
      'Age of the oldest unpublished outbox message; 0 when none.',
      (b) => b.oldestPendingAgeSeconds,
    );
  }

  onModuleDestroy(): void {
    this.owned.removeAll();
  }

  /** Counts confirmed messages. */
  published(topics: readonly string[]): void {
    const perTopic = new Map<string, number>();
    for (const topic of topics) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
    for (const [topic, count] of perTopic) this.publishedTotal.inc({ topic }, count);
  }

  /** Counts a failed attempt and what became of it. */
  failed(topic: string, outcome: 'retry' | 'dead'): void {
    this.failuresTotal.inc({ topic, outcome });
  }

  /** Times a relay round. */
  startRound(): () => void {
    return this.roundSeconds.startTimer();
  }

  /** Registers a metric this module owns; the newest owner of a name wins (see OwnedMetrics). */
  private add<M extends Metric>(metric: M): M {
    return this.owned.add(metric);
  }

  private async readBacklog(): Promise<OutboxBacklog | undefined> {
    if (!this.backlog || Date.now() - this.backlog.at > BACKLOG_CACHE_MS) {
      this.backlog = { at: Date.now(), value: this.store.backlog() };
    }
    try {
      return await this.backlog.value;
    } catch (error) {
      // A scrape must not fail because the database is away; the gauges keep their last value.
      this.logger.warn({ msg: 'Could not read the outbox backlog', error: String(error) });
      this.backlog = undefined;
      return undefined;
    }
  }
}

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { DATABASE_MODULE_OPTIONS, type DatabaseModuleOptions } from '@ddd-kit/database';
import { OutboxMetrics } from '../metrics/outbox-metrics.js';
import { OUTBOX_NOTIFY_CHANNEL } from '../migrations/outbox.migration.js';
import { OUTBOX_RELAY_OPTIONS } from '../outbox.constants.js';
import { OutboxTransport } from '../transport/outbox-transport.js';
import type { ResolvedRelayOptions } from './outbox-relay.options.js';
import { OutboxStore } from './outbox-store.js';
import { settleDeliveries } from './settle-deliveries.js';

/**
 * Moves committed outbox rows to the transport. Several instances may run at once (rows are
 * leased with `FOR UPDATE SKIP LOCKED`), each aggregate's rows leave in insert order, a row is
 * marked published only after the broker confirmed it, and failures back off, then park only
 * their own lane. It wakes on NOTIFY after commits and polls as a fallback.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  /** This instance's lease owner name. */
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: pg.Client | undefined;
  private wake: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  // Set by NOTIFY; a notification during a round means another round right away, not a nap.
  private notified = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: ResolvedRelayOptions,
    @Inject(DATABASE_MODULE_OPTIONS) private readonly database: DatabaseModuleOptions,
    private readonly metrics: OutboxMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.enabled) await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts relaying in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.stopping;
    this.stopping = undefined;
    await this.transport.connect();
    if (this.options.listen) await this.listen();
    this.running = true;
    this.loop = this.run();
    this.logger.log({
      msg: 'Outbox relay started',
      relayId: this.id,
      transport: this.transport.constructor.name,
      listen: this.options.listen,
    });
  }

  /**
   * Claims nothing new, lets the round in flight settle, then disconnects. Every caller waits for
   * the same settlement, so a second `stop()` (e.g. the app closing) never returns early.
   */
  stop(): Promise<void> {
    if (!this.running && !this.stopping) return Promise.resolve();
    return (this.stopping ??= this.settle());
  }

  private async settle(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.transport.disconnect();
    this.logger.log({ msg: 'Outbox relay stopped', relayId: this.id });
  }

  /**
   * One round: claim a batch, publish it in one go, write the outcome back. Returns how many rows
   * were claimed. Exposed for operations and tests; the background loop calls it.
   */
  async relayOnce(): Promise<number> {
    const endRound = this.metrics.startRound();
    const batch = await this.store.claim(this.id, this.options.batchSize, this.options.leaseMs);
    if (batch.length === 0) return 0;
    const results = await this.transport.publish(batch);
    const { published, failed, released } = settleDeliveries(batch, results, this.options);
    await this.store.markPublished(this.id, published);
    await this.store.markFailed(this.id, failed);
    await this.store.release(this.id, released);
    endRound();

    const byId = new Map(batch.map((message) => [message.id, message]));
    this.metrics.published(published.map(({ id }) => byId.get(id)?.topic ?? ''));
    for (const failure of failed) {
      const message = byId.get(failure.id);
      const outcome = failure.retryAt ? 'retry' : 'dead';
      this.metrics.failed(message?.topic ?? '', outcome);
      this.logger[outcome === 'dead' ? 'error' : 'warn']({
        msg:
          outcome === 'dead' ? 'Outbox message is dead; its aggregate waits' : 'Outbox send failed; retrying',
        messageId: failure.id,
        eventType: message?.eventType,
        aggregateType: message?.aggregateType,
        aggregateId: message?.aggregateId,
        attempts: (message?.attempts ?? 0) + 1,
        retryAt: failure.retryAt?.toISOString(),
        error: failure.error,
      });
    }
    return batch.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      this.notified = false;
      try {
        claimed = await this.relayOnce();
      } catch (error) {
        // Database trouble: the leases expire by themselves; try again after the poll interval.
        this.logger.error({
          msg: 'Outbox relay round failed; leases expire by themselves',
          relayId: this.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      if (claimed < this.options.batchSize && this.running && !this.notified) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  // A dedicated connection: LISTEN needs a session of its own, outside the pool.
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.database.url });
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    client.on('error', (error) => {
      this.logger.warn({ msg: 'Outbox LISTEN connection lost; polling until restart', error: error.message });
      this.listener = undefined;
    });
    await client.connect();
    await client.query(`listen ${OUTBOX_NOTIFY_CHANNEL}`);
    this.listener = client;
  }
}

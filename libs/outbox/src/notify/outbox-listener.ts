import { Logger } from '@nestjs/common';
import pg from 'pg';
import { OUTBOX_NOTIFY_CHANNEL } from '../migrations/outbox.migration.js';

export interface OutboxListenerSettings {
  /** Connection string of the database whose outbox is watched. */
  readonly url: string;
  /** Called on every outbox NOTIFY, and once after a reconnect (notifications sent meanwhile are lost). */
  readonly onNotify: () => void;
  /** Who listens, for logs and `pg_stat_activity.application_name`. */
  readonly name: string;
  /** First reconnect delay; it doubles per failed attempt up to `maxReconnectMs`. */
  readonly minReconnectMs?: number;
  readonly maxReconnectMs?: number;
}

/**
 * A LISTEN session on the outbox channel that outlives its connection. When PostgreSQL restarts
 * or the backend is terminated, the session reconnects in the background with backoff and
 * jitter, and wakes its owner once it is back, so a restart costs at most one poll interval of
 * latency instead of turning the NOTIFY wake-up off until the process restarts.
 *
 * Hand-written rather than `pg-listen`: that package is unmaintained since 2020, and this is one
 * small state machine over `pg.Client`.
 */
export class OutboxListener {
  private readonly logger: Logger;
  private client: pg.Client | undefined;
  private stopped = true;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly settings: OutboxListenerSettings) {
    this.logger = new Logger(`${settings.name} LISTEN`);
  }

  /** Whether the session is connected and listening. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Connects and listens. Never throws: a failed first attempt keeps retrying in the background. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.settings.url,
      application_name: this.settings.name,
    });
    client.on('notification', () => this.settings.onNotify());
    // Both fire when the server goes away; `lost` ignores all but the first for the live client.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${OUTBOX_NOTIFY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.retryLater(error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    const reconnected = this.failures > 0;
    this.failures = 0;
    this.client = client;
    if (reconnected) {
      this.logger.log({ msg: 'Outbox LISTEN session is back' });
      this.settings.onNotify();
    }
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    this.retryLater(error);
  }

  private retryLater(error: unknown): void {
    if (this.stopped) return;
    this.failures++;
    const min = this.settings.minReconnectMs ?? 100;
    const max = this.settings.maxReconnectMs ?? 5_000;
    const delay = Math.min(max, min * 2 ** (this.failures - 1)) * (0.5 + Math.random() / 2);
    if (this.failures === 1 || this.failures % 10 === 0)
      this.logger.warn({
        msg: 'Outbox LISTEN session unavailable; polling until it reconnects',
        failures: this.failures,
        retryInMs: Math.round(delay),
        error: error instanceof Error ? error.message : String(error),
      });
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }
}

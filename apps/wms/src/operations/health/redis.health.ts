import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckAttempt } from '@nestjs/terminus';
import { Redis, type RedisOptions } from 'ioredis';
import { WMS_CONFIG, type WmsConfig } from '../../shared/config/wms.config.js';

/**
 * Whether Redis (jobs and cache) answers, on a connection of its own: a health check must not
 * queue behind the jobs' blocking commands. While Redis is away the client keeps reconnecting in
 * the background and the check says so at once instead of waiting.
 */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly client: Redis;

  constructor(
    @Inject(WMS_CONFIG) config: WmsConfig,
    private readonly health: HealthIndicatorService,
  ) {
    const options: RedisOptions & { disconnectTimeout: number } = {
      connectionName: 'wms-health',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: config.healthTimeoutMs,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5_000),
      // Untyped ioredis option: do not hold the process open for a socket that is already gone.
      disconnectTimeout: 100,
    };
    this.client = new Redis(config.redisUrl, options);
    // The check reports the state; without a listener ioredis prints every failed reconnection.
    this.client.on('error', () => undefined);
  }

  check(key: string, timeoutMs: number): HealthCheckAttempt {
    return this.health
      .check(key)
      .attempt(async () => {
        if (this.client.status !== 'ready') throw new Error(`not connected (${this.client.status})`);
        await this.client.ping();
      })
      .withTimeout(timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      // Not connected: nothing to say goodbye to.
    } finally {
      this.client.disconnect();
    }
  }
}

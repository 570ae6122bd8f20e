import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckAttempt } from '@nestjs/terminus';
import { Kafka, logLevel } from 'kafkajs';
import { WMS_CONFIG, type WmsConfig } from '../../shared/config/wms.config.js';

/**
 * Whether the Kafka cluster answers: an admin client connects and describes the cluster, with no
 * retries, so a broker that is away shows within the check's timeout. Only when `KAFKA_BROKERS`
 * is set; without it the app does not use Kafka.
 */
@Injectable()
export class KafkaHealthIndicator {
  private readonly kafka: Kafka | undefined;

  constructor(
    @Inject(WMS_CONFIG) config: WmsConfig,
    private readonly health: HealthIndicatorService,
  ) {
    this.kafka =
      config.kafkaBrokers.length > 0
        ? new Kafka({
            clientId: 'wms-health',
            brokers: [...config.kafkaBrokers],
            connectionTimeout: config.healthTimeoutMs,
            requestTimeout: config.healthTimeoutMs,
            retry: { retries: 0 },
            logLevel: logLevel.NOTHING,
          })
        : undefined;
  }

  /** Whether the app uses Kafka at all. */
  get enabled(): boolean {
    return this.kafka !== undefined;
  }

  check(key: string, timeoutMs: number): HealthCheckAttempt {
    return this.health
      .check(key)
      .attempt(async ({ signal }) => {
        if (!this.kafka) throw new Error('KAFKA_BROKERS is not set');
        const admin = this.kafka.admin();
        // A timed-out check must not leave its connection behind.
        signal.addEventListener('abort', () => void admin.disconnect());
        try {
          await admin.connect();
          const cluster = await admin.describeCluster();
          return { brokers: cluster.brokers.length, controller: cluster.controller };
        } finally {
          await admin.disconnect();
        }
      })
      .withTimeout(timeoutMs);
  }
}

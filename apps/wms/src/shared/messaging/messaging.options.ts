import { Logger } from '@nestjs/common';
import { InProcessTransport, KafkaTransport, type OutboxModuleOptions } from '@ddd-kit/outbox';
import type { ProjectorModuleOptions } from '@ddd-kit/projector';
import type { WmsConfig } from '../config/wms.config.js';

const WMS_TOPICS = ['wms.catalog', 'wms.inbound', 'wms.inventory', 'wms.outbound'];

/**
 * Kafka when `KAFKA_BROKERS` is set; otherwise events go to in-process handlers and projectors
 * read the outbox directly, and a startup line says so.
 */
export function outboxOptions(config: WmsConfig): OutboxModuleOptions {
  const logger = new Logger('Messaging');
  if (config.kafkaBrokers.length > 0) {
    logger.log({ msg: 'Events are relayed to Kafka', brokers: config.kafkaBrokers });
    return {
      transport: new KafkaTransport({ brokers: config.kafkaBrokers, clientId: 'wms' }),
      relay: { enabled: config.relayEnabled },
      routing: { topicPrefix: 'wms.' },
    };
  }
  logger.log({
    msg: 'KAFKA_BROKERS is not set: events go to in-process handlers and projectors read the outbox directly',
  });
  return {
    transport: InProcessTransport,
    relay: { enabled: config.relayEnabled },
    routing: { topicPrefix: 'wms.' },
  };
}

export function projectorOptions(config: WmsConfig): ProjectorModuleOptions {
  return {
    source:
      config.kafkaBrokers.length > 0
        ? {
            kafka: {
              brokers: config.kafkaBrokers,
              clientId: 'wms-projector',
              groupIdPrefix: 'wms.projector.',
              topics: WMS_TOPICS,
            },
          }
        : 'outbox',
    enabled: config.projectorsEnabled,
    pollIntervalMs: 500,
  };
}

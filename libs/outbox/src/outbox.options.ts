import type { Type } from '@nestjs/common';
import type { OutboxMetricsOptions } from './metrics/outbox-metrics.js';
import type { OutboxRetentionOptions } from './retention/outbox-retention.options.js';
import type { OutboxRelayOptions } from './relay/outbox-relay.options.js';
import type { OutboxRoutingOptions } from './routing/outbox-routing.js';
import type { OutboxTransport } from './transport/outbox-transport.js';

/** Options of `OutboxModule`. */
export interface OutboxModuleOptions {
  /** Topic routing. @default topics derived from the aggregate type, no prefix */
  readonly routing?: OutboxRoutingOptions;
  /**
   * Where the relay publishes: an instance (`new KafkaTransport({...})`), or a transport class
   * the module instantiates with dependency injection (`InProcessTransport`). Required when the
   * relay is enabled.
   */
  readonly transport?: OutboxTransport | Type<OutboxTransport>;
  /** The relay. @default enabled, see `OutboxRelayOptions` */
  readonly relay?: OutboxRelayOptions;
  /** The job that deletes old published rows. @default on, keeps 7 days */
  readonly retention?: OutboxRetentionOptions;
  /** Prometheus metrics. @default registered on prom-client's global registry */
  readonly metrics?: OutboxMetricsOptions;
}

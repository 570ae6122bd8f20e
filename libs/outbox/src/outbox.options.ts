import type { OutboxRelayOptions } from './relay/outbox-relay.options.js';
import type { OutboxRoutingOptions } from './routing/outbox-routing.js';
import type { OutboxTransport } from './transport/outbox-transport.js';

/** Options of `OutboxModule`. */
export interface OutboxModuleOptions {
  /** Topic routing. @default topics derived from the aggregate type, no prefix */
  readonly routing?: OutboxRoutingOptions;
  /** Where the relay publishes. Required when the relay is enabled. */
  readonly transport?: OutboxTransport;
  /** The relay. @default enabled, see `OutboxRelayOptions` */
  readonly relay?: OutboxRelayOptions;
}

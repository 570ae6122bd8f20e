// @ddd-kit/outbox: the transactional outbox.
export { OutboxModule } from './outbox.module.js';
export { OUTBOX_MODULE_OPTIONS } from './outbox.module-definition.js';
export type { OutboxModuleOptions } from './outbox.options.js';
export { OutboxMessage, OutboxStatus } from './message/outbox-message.entity.js';
export {
  routeEvent,
  eventHeaders,
  type OutboxRoutingOptions,
  type OutboundMessage,
} from './routing/outbox-routing.js';
export {
  Migration20261120OutboxTables,
  Migration20261121OutboxClaimIndexes,
  Migration20261122OutboxRelayIndexes,
  OUTBOX_MIGRATIONS,
  OUTBOX_NOTIFY_CHANNEL,
} from './migrations/outbox.migration.js';
export { OutboxRelay } from './relay/outbox-relay.js';
export { RELAY_APPLICATION_NAME, RELAY_LISTENER_APPLICATION_NAME } from './relay/outbox-store.js';
export { OutboxListener, type OutboxListenerSettings } from './notify/outbox-listener.js';
export type { OutboxRelayOptions } from './relay/outbox-relay.options.js';
export {
  OutboxTransport,
  type OutboxEnvelope,
  type DeliveryReceipt,
  type DeliveryResult,
} from './transport/outbox-transport.js';
export { InProcessTransport } from './transport/in-process.transport.js';
export { envelopeOfMessage, type MessageHeaders } from './routing/event-envelope.js';
export { KafkaTransport, type KafkaTransportOptions } from './transport/kafka.transport.js';
export { Inbox, type InboxOutcome } from './inbox/inbox.js';
export { OutboxAdmin, type DeadMessageFilter } from './admin/outbox-admin.js';
export { OutboxRetention } from './retention/outbox-retention.js';
export type { OutboxRetentionOptions } from './retention/outbox-retention.options.js';
export { OutboxMetrics, type OutboxMetricsOptions } from './metrics/outbox-metrics.js';

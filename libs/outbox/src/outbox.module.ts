import { Module } from '@nestjs/common';
import { DiscoveryModule, ModuleRef } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { DatabaseModule } from '@ddd-kit/database';
import { OutboxAdmin } from './admin/outbox-admin.js';
import { Inbox } from './inbox/inbox.js';
import { OutboxMessage } from './message/outbox-message.entity.js';
import { OutboxSink } from './message/outbox.sink.js';
import { OutboxMetrics } from './metrics/outbox-metrics.js';
import { OUTBOX_RELAY_OPTIONS, OUTBOX_RETENTION_OPTIONS } from './outbox.constants.js';
import { ConfigurableOutboxModule, OUTBOX_MODULE_OPTIONS } from './outbox.module-definition.js';
import type { OutboxModuleOptions } from './outbox.options.js';
import { OutboxRelay } from './relay/outbox-relay.js';
import { resolveRelayOptions } from './relay/outbox-relay.options.js';
import { OutboxStore } from './relay/outbox-store.js';
import { OutboxRetention } from './retention/outbox-retention.js';
import { resolveRetentionOptions } from './retention/outbox-retention.options.js';
import { OutboxTransport } from './transport/outbox-transport.js';
import { UnconfiguredTransport } from './transport/unconfigured.transport.js';

/**
 * The transactional outbox: every domain event becomes an outbox row in the transaction that
 * raised it, and the relay publishes the rows through the configured transport. Import once,
 * next to `DatabaseModule`.
 */
@Module({
  // ScheduleModule.forRoot() is deduplicated by Nest when the app imports it too.
  imports: [DatabaseModule.forFeature([OutboxMessage]), DiscoveryModule, ScheduleModule.forRoot()],
  providers: [
    Inbox,
    OutboxAdmin,
    OutboxMetrics,
    OutboxRetention,
    OutboxSink,
    OutboxStore,
    OutboxRelay,
    {
      provide: OUTBOX_RELAY_OPTIONS,
      inject: [OUTBOX_MODULE_OPTIONS],
      useFactory: (options: OutboxModuleOptions) => {
        // Without a transport there is nowhere to relay to: the relay stays off unless asked for.
        const relay = resolveRelayOptions({ enabled: options.transport !== undefined, ...options.relay });
        if (relay.enabled && !options.transport)
          throw new TypeError('OutboxModule relay.enabled needs a `transport`');
        return relay;
      },
    },
    {
      provide: OUTBOX_RETENTION_OPTIONS,
      inject: [OUTBOX_MODULE_OPTIONS],
      useFactory: (options: OutboxModuleOptions) => resolveRetentionOptions(options.retention),
    },
    {
      provide: OutboxTransport,
      inject: [OUTBOX_MODULE_OPTIONS, ModuleRef],
      useFactory: (options: OutboxModuleOptions, moduleRef: ModuleRef) => {
        const { transport } = options;
        if (!transport) return new UnconfiguredTransport();
        return transport instanceof OutboxTransport ? transport : moduleRef.create(transport);
      },
    },
  ],
  exports: [OutboxRelay, Inbox, OutboxAdmin, OutboxRetention, OutboxMetrics],
})
export class OutboxModule extends ConfigurableOutboxModule {}

import { Module } from '@nestjs/common';
import { DiscoveryModule, ModuleRef } from '@nestjs/core';
import { ProjectorAdmin } from './admin/projector-admin.js';
import { ConsistencyInterceptor } from './consistency/consistency.interceptor.js';
import { ConsistencyTokenSink } from './consistency/consistency-token.sink.js';
import { ConsistencyTokens } from './consistency/consistency-tokens.js';
import { ProjectorCatalog } from './discovery/projector-catalog.js';
import {
  ConfigurableProjectorModule,
  PROJECTOR_MODULE_OPTIONS,
  RESOLVED_PROJECTOR_OPTIONS,
} from './projector.module-definition.js';
import { resolveProjectorOptions, type ProjectorModuleOptions } from './projector.options.js';
import { ProjectorRebuild } from './rebuild/projector-rebuild.js';
import { ProjectionApplier } from './runtime/projection-applier.js';
import { ProjectorRunner } from './runtime/projector-runner.js';
import { KafkaProjectionSource } from './sources/kafka-projection-source.js';
import { OutboxHistory } from './sources/outbox-history.js';
import { OutboxProjectionSource } from './sources/outbox-projection-source.js';
import { ProjectionSource } from './sources/projection-source.js';
import { ProjectorLagGauges } from './status/projector-lag-gauges.js';
import { ProjectorMetrics } from './status/projector-metrics.js';
import { ProjectorStatusService } from './status/projector-status.service.js';
import { ProjectionStore } from './store/projection-store.js';

/**
 * Read models from events. Discovers `@Projector` providers, feeds them from the outbox or Kafka
 * with an exactly-once effect, parks poison events, reports status and lag, rebuilds, and
 * answers read-your-writes waits. Import once; needs `DatabaseModule` and the outbox tables
 * (`OUTBOX_MIGRATIONS`, then `PROJECTOR_MIGRATIONS`).
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: RESOLVED_PROJECTOR_OPTIONS,
      inject: [PROJECTOR_MODULE_OPTIONS],
      useFactory: (options: ProjectorModuleOptions) => resolveProjectorOptions(options),
    },
    {
      provide: ProjectionSource,
      inject: [PROJECTOR_MODULE_OPTIONS, ModuleRef],
      useFactory: (options: ProjectorModuleOptions, moduleRef: ModuleRef): Promise<ProjectionSource> =>
        options.source === 'outbox'
          ? moduleRef.create(OutboxProjectionSource)
          : moduleRef.create(KafkaProjectionSource),
    },
    ProjectorCatalog,
    ProjectionStore,
    ProjectionApplier,
    OutboxHistory,
    ProjectorMetrics,
    ProjectorLagGauges,
    ProjectorStatusService,
    ProjectorAdmin,
    ProjectorRebuild,
    ProjectorRunner,
    ConsistencyTokens,
    ConsistencyTokenSink,
    ConsistencyInterceptor,
  ],
  exports: [
    ProjectorStatusService,
    ProjectorAdmin,
    ProjectorRebuild,
    ProjectorRunner,
    ConsistencyTokens,
    ConsistencyInterceptor,
  ],
})
export class ProjectorModule extends ConfigurableProjectorModule {}

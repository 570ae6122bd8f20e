// @ddd-kit/projector: read models from events, exactly once in effect.
export { ProjectorModule } from './projector.module.js';
export { PROJECTOR_MODULE_OPTIONS } from './projector.module-definition.js';
export type { ProjectorModuleOptions, KafkaSourceOptions } from './projector.options.js';

export { Projector, type ProjectorOptions } from './decorators/projector.decorator.js';
export {
  ProjectionHandler,
  type ProjectionHandlerOptions,
} from './decorators/projection-handler.decorator.js';
export type { ProjectionContext } from './runtime/projection-context.js';

export { ProjectorRunner } from './runtime/projector-runner.js';
export {
  ProjectorStatusService,
  type ProjectorStatus,
  type PartitionStatus,
} from './status/projector-status.service.js';
export type { ProjectorLag } from './sources/projection-source.js';
export { ProjectorAdmin, type ParkedEventFilter } from './admin/projector-admin.js';
export type { ParkedEvent, ParkReason } from './store/projection-store.js';
export {
  ProjectorRebuild,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildResult,
} from './rebuild/projector-rebuild.js';

export { runProjectorRebuildCli, type RebuildCliIo } from './cli/run-rebuild-cli.js';

export { ConsistencyTokens, type ConsistencyWaitOptions } from './consistency/consistency-tokens.js';
export {
  ConsistencyInterceptor,
  CONSISTENCY_TOKEN_HEADER,
  STALE_HEADER,
} from './consistency/consistency.interceptor.js';

export {
  ProjectorNotFoundError,
  ProjectorNotRebuildableError,
  ProjectorRebuildRunningError,
  ConsistencyTokenInvalidError,
} from './errors/projector.errors.js';
export { Migration20261122ProjectorTables, PROJECTOR_MIGRATIONS } from './migrations/projector.migration.js';

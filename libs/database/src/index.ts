// @ddd-kit/database: MikroORM 7 + PostgreSQL with a DDD unit of work.
export { DatabaseModule } from './database.module.js';
export { DATABASE_MODULE_OPTIONS } from './database.module-definition.js';
export type { DatabaseModuleOptions } from './database.options.js';

export { UnitOfWork } from './unit-of-work/unit-of-work.js';
export type { UnitOfWorkOptions } from './unit-of-work/unit-of-work.options.js';
export { Transactional } from './unit-of-work/transactional.decorator.js';

export { PassportContext } from './context/passport-context.js';
export { DatabaseContext } from './context/database-context.js';

export { EventSink, type DomainEventSink, type EventSinkOptions } from './events/domain-event-sink.js';
export { InProcessEventPublisher } from './events/in-process-event-publisher.js';
export { OwnedMetrics } from './metrics/owned-metrics.js';
export { CacheTagInvalidator } from './cache/cache-tag-invalidator.js';

export {
  AggregateRepository,
  type ReadOptions,
  type LockOptions,
} from './repository/aggregate-repository.js';
export { RepositoryContext } from './repository/repository-context.js';
export { UnitOfWorkRequiredError } from './repository/unit-of-work-required.error.js';

export { VersionedAggregateRoot } from './entities/versioned-aggregate-root.js';
export { AuditedAggregateRoot } from './entities/audited-aggregate-root.js';
export { FullAuditedAggregateRoot } from './entities/full-audited-aggregate-root.js';

export { translateDatabaseError } from './errors/translate-database-error.js';
export { DatabaseErrorTranslator } from './errors/database-error-translator.js';
export { DatabaseMigrator } from './migrations/database-migrator.js';
export { toMikroOrmOptions } from './mikro-orm-options.js';
export { resolveDatabaseOptions } from './database.options.js';
export { SOFT_DELETE_FILTER } from './database.constants.js';

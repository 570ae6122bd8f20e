import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { MikroOrmModuleOptions } from '@mikro-orm/nestjs';
import { releaseBrokenConnections } from './connection/release-broken-connections.js';
import type { ForkResolver } from './context/fork-resolver.js';
import type { ResolvedDatabaseOptions } from './database.options.js';
import { AuditedAggregateRoot } from './entities/audited-aggregate-root.js';
import { FullAuditedAggregateRoot } from './entities/full-audited-aggregate-root.js';
import { VersionedAggregateRoot } from './entities/versioned-aggregate-root.js';

/** The base entities this library maps; MikroORM must discover them with the user's entities. */
const BASE_ENTITIES = [VersionedAggregateRoot, AuditedAggregateRoot, FullAuditedAggregateRoot];

/**
 * Builds MikroORM's options from ours. Also used by the migration CLI outside Nest, without
 * `forks`; `DatabaseModule` passes its resolver, which then decides what the global EntityManager
 * stands for, and MikroORM's request-context middleware is replaced by a lazy one of ours.
 */
export function toMikroOrmOptions(
  options: ResolvedDatabaseOptions,
  forks?: ForkResolver,
): MikroOrmModuleOptions<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    entities: [...BASE_ENTITIES, ...options.entities],
    autoLoadEntities: true,
    // Legacy decorators with emitted metadata; users may still declare every type explicitly.
    metadataProvider: ReflectMetadataProvider,
    pool: { min: options.pool.min, max: options.pool.max },
    debug: options.debug,
    forceUtcTimezone: true,
    // The migration CLI runs without entities; apps always have some.
    discovery: { warnWhenNoEntities: false },
    // Every request gets its own identity map: through DatabaseModule's lazy middleware when it
    // passes its resolver, otherwise through MikroORM's request-context middleware.
    ...(forks ? { registerRequestContext: false, context: forks.resolve } : { registerRequestContext: true }),
    extensions: [Migrator],
    driverOptions: { onPoolCreated: releaseBrokenConnections },
    ...(options.migrations
      ? {
          migrations: {
            ...(options.migrations.path ? { path: options.migrations.path } : {}),
            ...(options.migrations.list ? { migrationsList: [...options.migrations.list] } : {}),
            glob: options.migrations.glob ?? '!(*.d).{js,ts}',
            tableName: options.migrations.tableName ?? 'mikro_orm_migrations',
            transactional: true,
            allOrNothing: true,
            // Schema snapshots are for generating migrations in development, not for running them.
            snapshot: false,
            emit: 'js',
          },
        }
      : {}),
    ...options.mikroOrm,
  };
}

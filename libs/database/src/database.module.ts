import {
  Global,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { AnyEntity, EntityName } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ClsModule } from 'nestjs-cls';
import { PassportContext } from './context/passport-context.js';
import { DatabaseContext } from './context/database-context.js';
import { ForkResolver } from './context/fork-resolver.js';
import { RequestForkMiddleware } from './context/request-fork.middleware.js';
import { RESOLVED_DATABASE_OPTIONS } from './database.constants.js';
import {
  ConfigurableDatabaseModule,
  DATABASE_ASYNC_OPTIONS_TYPE,
  DATABASE_MODULE_OPTIONS,
  DATABASE_OPTIONS_TYPE,
} from './database.module-definition.js';
import {
  resolveDatabaseOptions,
  type DatabaseModuleOptions,
  type ResolvedDatabaseOptions,
} from './database.options.js';
import { AuditStamper } from './entities/audit-stamper.js';
import { DatabaseErrorTranslator } from './errors/database-error-translator.js';
import { DomainEventCollector } from './events/domain-event-collector.js';
import { InProcessEventPublisher } from './events/in-process-event-publisher.js';
import { DatabaseMigrator } from './migrations/database-migrator.js';
import { toMikroOrmOptions } from './mikro-orm-options.js';
import { RepositoryContext } from './repository/repository-context.js';
import { TransactionalExplorer } from './unit-of-work/transactional.explorer.js';
import { UnitOfWork } from './unit-of-work/unit-of-work.js';

/** Holds the options providers so that both this module and MikroORM's can inject them. */
@Module({})
class DatabaseOptionsModule {}

const resolvedOptions: Provider = {
  provide: RESOLVED_DATABASE_OPTIONS,
  inject: [DATABASE_MODULE_OPTIONS],
  useFactory: resolveDatabaseOptions,
};

/**
 * MikroORM 7 on PostgreSQL with ddd-kit's unit of work: `@Transactional()` command handlers,
 * domain events collected at flush and handed to event sinks in the same transaction, aggregate
 * repositories, optimistic locking, soft delete, audit fields and database error translation.
 * Global: import it once in the root module.
 *
 * @example
 * ```ts
 * DatabaseModule.forRootAsync({
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ url: config.getOrThrow('DATABASE_URL') }),
 * })
 * ```
 */
@Global()
@Module({})
export class DatabaseModule extends ConfigurableDatabaseModule implements NestModule {
  /** Every route gets a request context (see `RequestForkMiddleware`), as with MikroORM's own. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestForkMiddleware).forRoutes({ path: '{*all}', method: RequestMethod.ALL });
  }

  static override forRoot(options: typeof DATABASE_OPTIONS_TYPE): DynamicModule {
    return assemble(super.forRoot(options));
  }

  static override forRootAsync(options: typeof DATABASE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return assemble(super.forRootAsync(options));
  }

  /** Registers a feature module's entities (MikroORM's `autoLoadEntities`). */
  static forFeature(entities: EntityName<AnyEntity>[]): DynamicModule {
    return MikroOrmModule.forFeature(entities);
  }
}

function assemble(definition: DynamicModule): DynamicModule {
  const optionsModule: DynamicModule = {
    module: DatabaseOptionsModule,
    imports: definition.imports ?? [],
    // The resolver is here so that MikroORM's options (built in this module) and the unit of work
    // share the same instance.
    providers: [...(definition.providers ?? []), resolvedOptions, ForkResolver],
    exports: [DATABASE_MODULE_OPTIONS, RESOLVED_DATABASE_OPTIONS, ForkResolver],
  };
  const services = [
    PassportContext,
    DatabaseContext,
    DatabaseErrorTranslator,
    InProcessEventPublisher,
    UnitOfWork,
    TransactionalExplorer,
    DomainEventCollector,
    AuditStamper,
    RepositoryContext,
    DatabaseMigrator,
    RequestForkMiddleware,
  ];
  return {
    module: definition.module,
    global: true,
    imports: [
      optionsModule,
      DiscoveryModule,
      ClsModule.forRoot({ global: true }),
      MikroOrmModule.forRootAsync({
        imports: [optionsModule],
        driver: PostgreSqlDriver,
        inject: [RESOLVED_DATABASE_OPTIONS, ForkResolver],
        useFactory: (options: ResolvedDatabaseOptions, forks: ForkResolver) =>
          toMikroOrmOptions(options, forks),
      }),
    ],
    providers: services,
    exports: [
      optionsModule,
      PassportContext,
      DatabaseContext,
      UnitOfWork,
      RepositoryContext,
      DatabaseMigrator,
      DatabaseErrorTranslator,
      InProcessEventPublisher,
    ],
  };
}

export type { DatabaseModuleOptions };

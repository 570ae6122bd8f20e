import { Test, type TestingModule } from '@nestjs/testing';
import type { ModuleMetadata } from '@nestjs/common';
import { MikroORM, type AnyEntity, type EntityName } from '@mikro-orm/core';
import { DatabaseModule, type DatabaseModuleOptions } from '@ddd-kit/database';
import { createTestDatabase, type TestDatabase } from '../database/test-database.js';

/** Options of {@link startDatabaseTestModule}. */
export interface DatabaseTestModuleOptions extends Pick<ModuleMetadata, 'imports' | 'providers'> {
  /** Entities of the test; their tables are created from metadata. */
  readonly entities: EntityName<AnyEntity>[];
  /** Extra DatabaseModule options. @default {} */
  readonly database?: Omit<DatabaseModuleOptions, 'url' | 'entities'>;
  /**
   * How the schema comes about: `'metadata'` creates it from the entities, `'migrations'` runs
   * the migrations configured in `database.migrations`, `'none'` leaves the database as it is.
   * @default 'metadata', or 'none' on an `existing` database
   */
  readonly schema?: 'metadata' | 'migrations' | 'none';
  /**
   * Opens the module on this database instead of a fresh one: a second instance of the app next
   * to the first, as another process would be (e.g. two outbox relays on one table). The
   * database belongs to whoever created it: `close()` leaves it in place.
   * @default a fresh database, dropped by `close()`
   */
  readonly existing?: TestDatabase;
}

/** A compiled, initialized Nest testing module on a database of its own. */
export interface DatabaseTestModule {
  readonly module: TestingModule;
  readonly database: TestDatabase;
  readonly orm: InstanceType<typeof MikroORM>;
  /** Closes the module and drops the database (unless it was an `existing` one). */
  close(): Promise<void>;
}

/**
 * Builds a Nest testing module with `DatabaseModule` on a fresh database (or an `existing`
 * one), creates the schema, and initializes it. One per test file keeps files independent and
 * parallel.
 */
export async function startDatabaseTestModule(
  options: DatabaseTestModuleOptions,
): Promise<DatabaseTestModule> {
  const owned = options.existing === undefined;
  const database = options.existing ?? (await createTestDatabase());
  const dropOwned = async () => {
    if (owned) await database.drop();
  };
  let module: TestingModule | undefined;
  try {
    module = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ ...options.database, url: database.url, entities: options.entities }),
        ...(options.imports ?? []),
      ],
      providers: options.providers ?? [],
    }).compile();
    const orm = module.get(MikroORM);
    const schema = options.schema ?? (owned ? 'metadata' : 'none');
    if (schema === 'metadata') await orm.schema.create();
    if (schema === 'migrations') await orm.migrator.up();
    await module.init();
    const started = module;
    return {
      module: started,
      database,
      orm,
      close: async () => {
        await started.close();
        await dropOwned();
      },
    };
  } catch (error) {
    await module?.close().catch(() => undefined);
    await dropOwned();
    throw error;
  }
}

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
   * the migrations configured in `database.migrations`, `'none'` leaves the database empty.
   * @default 'metadata'
   */
  readonly schema?: 'metadata' | 'migrations' | 'none';
}

/** A compiled, initialized Nest testing module on a database of its own. */
export interface DatabaseTestModule {
  readonly module: TestingModule;
  readonly database: TestDatabase;
  readonly orm: InstanceType<typeof MikroORM>;
  /** Closes the module and drops the database. */
  close(): Promise<void>;
}

/**
 * Builds a Nest testing module with `DatabaseModule` on a fresh database, creates the schema,
 * and initializes it. One per test file keeps files independent and parallel.
 */
export async function startDatabaseTestModule(
  options: DatabaseTestModuleOptions,
): Promise<DatabaseTestModule> {
  const database = await createTestDatabase();
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
    const schema = options.schema ?? 'metadata';
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
        await database.drop();
      },
    };
  } catch (error) {
    await module?.close().catch(() => undefined);
    await database.drop();
    throw error;
  }
}

import type { AnyEntity, EntityName, MigrationObject, Options } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';

/** Options of {@link DatabaseModule}. Defaults are applied once, in `resolveDatabaseOptions`. */
export interface DatabaseModuleOptions {
  /** PostgreSQL connection URL, e.g. `postgres://app@localhost:5432/app`. */
  readonly url: string;
  /**
   * Entity classes or schemas. Entities registered with `DatabaseModule.forFeature` are added.
   * @default []
   */
  readonly entities?: readonly EntityName<AnyEntity>[];
  /** Migrations the migrator runs. @default none */
  readonly migrations?: {
    /** Folder of compiled migration files. Give this or `list`. */
    readonly path?: string;
    /** Migration classes bundled with the code (libraries ship theirs this way). */
    readonly list?: readonly MigrationObject[];
    /** Glob of migration files within `path`. @default '!(*.d).{js,ts}' */
    readonly glob?: string;
    /** Table that records applied migrations. @default 'mikro_orm_migrations' */
    readonly tableName?: string;
  };
  /** Connection pool bounds. @default { min: 0, max: 10 } */
  readonly pool?: { readonly min?: number; readonly max?: number };
  /**
   * Maps a unique constraint name to the stable error code raised when it is violated, e.g.
   * `{ sku_tenant_id_code_unique: 'SKU_CODE_TAKEN' }`. Unlisted constraints raise
   * `UNIQUE_VIOLATION`.
   * @default {}
   */
  readonly uniqueViolationCodes?: Readonly<Record<string, string>>;
  /** Log every SQL statement. @default false */
  readonly debug?: boolean;
  /**
   * Escape hatch: extra MikroORM options merged last. Prefer the typed options above.
   * @default {}
   */
  readonly mikroOrm?: Partial<Options<PostgreSqlDriver>>;
}

/** Options with every default applied. */
export type ResolvedDatabaseOptions = Required<
  Pick<DatabaseModuleOptions, 'url' | 'entities' | 'pool' | 'uniqueViolationCodes' | 'debug' | 'mikroOrm'>
> &
  Pick<DatabaseModuleOptions, 'migrations'>;

/** Applies defaults and validates, once. */
export function resolveDatabaseOptions(options: DatabaseModuleOptions): ResolvedDatabaseOptions {
  if (!options.url) throw new TypeError('DatabaseModule needs a `url`');
  return {
    url: options.url,
    entities: options.entities ?? [],
    migrations: options.migrations,
    pool: { min: options.pool?.min ?? 0, max: options.pool?.max ?? 10 },
    uniqueViolationCodes: options.uniqueViolationCodes ?? {},
    debug: options.debug ?? false,
    mikroOrm: options.mikroOrm ?? {},
  };
}

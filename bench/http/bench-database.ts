import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { resolveDatabaseOptions, toMikroOrmOptions } from '@ddd-kit/database';
import { createTestDatabase, type TestDatabase } from '@ddd-kit/testing';
import { HTTP_BENCH_MIGRATIONS } from './accounts.migration.js';

/** Rows a server wrote during a round. */
export interface RowCounts {
  readonly accounts: number;
  readonly outbox: number;
}

/**
 * A fresh database for one server, migrated with the same migrations as the other one, and a
 * one-connection pool of the benchmark's own for counting and truncating between rounds.
 */
export class BenchDatabase {
  private constructor(
    private readonly database: TestDatabase,
    private readonly pool: pg.Pool,
  ) {}

  /** Creates the database and applies the outbox and accounts migrations. */
  static async create(): Promise<BenchDatabase> {
    const database = await createTestDatabase();
    try {
      await migrate(database.url);
    } catch (error) {
      await database.drop();
      throw error;
    }
    return new BenchDatabase(database, new pg.Pool({ connectionString: database.url, max: 1 }));
  }

  get url(): string {
    return this.database.url;
  }

  /** Accounts and outbox rows in the tables now. */
  async rowCounts(): Promise<RowCounts> {
    const { rows } = await this.pool.query<{ accounts: string; outbox: string }>(
      'select (select count(*) from accounts) as accounts, (select count(*) from outbox_messages) as outbox',
    );
    return { accounts: Number(rows[0]!.accounts), outbox: Number(rows[0]!.outbox) };
  }

  /** Empties both tables, so that table and index growth does not favour earlier rounds. */
  async truncate(): Promise<void> {
    await this.pool.query('truncate table accounts, outbox_messages');
  }

  /** Closes the pool and drops the database. */
  async drop(): Promise<void> {
    await this.pool.end();
    await this.database.drop();
  }
}

/** Runs the migrations through the library's own MikroORM options, as the migration CLI does. */
async function migrate(url: string): Promise<void> {
  const {
    registerRequestContext: _request,
    autoLoadEntities: _auto,
    ...options
  } = toMikroOrmOptions(
    resolveDatabaseOptions({
      url,
      migrations: { list: HTTP_BENCH_MIGRATIONS },
      // The migrator logs every migration it applies; the benchmark's output is its report.
      mikroOrm: { logger: () => undefined },
    }),
  );
  const orm = await MikroORM.init(options);
  try {
    await orm.migrator.up();
  } finally {
    await orm.close();
  }
}

import { cpus } from 'node:os';
import pg from 'pg';

/** Where the test helpers find PostgreSQL when `TEST_DATABASE_URL` is not set. */
export const DEFAULT_DATABASE_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** What a result depends on besides the code: recorded with it so runs can be compared. */
export interface BenchEnvironment {
  readonly node: string;
  readonly postgres: string;
  readonly cpu: string;
  readonly cpuCount: number;
}

/**
 * The PostgreSQL server the benchmark runs against. `@ddd-kit/testing` reads it from
 * `TEST_DATABASE_URL`, so the default is put there when the variable is unset.
 */
export function useDatabaseServer(): string {
  process.env['TEST_DATABASE_URL'] ||= DEFAULT_DATABASE_SERVER_URL;
  return process.env['TEST_DATABASE_URL'];
}

/** Node, PostgreSQL and CPU of this run. */
export async function describeEnvironment(serverUrl: string): Promise<BenchEnvironment> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>(
      "select current_setting('server_version') as version",
    );
    const cpuList = cpus();
    return {
      node: process.version,
      postgres: rows[0]?.version ?? 'unknown',
      cpu: cpuList[0]?.model.trim() ?? 'unknown',
      cpuCount: cpuList.length,
    };
  } finally {
    await client.end();
  }
}

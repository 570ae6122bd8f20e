import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database of its own for one test file. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  /** Its name. */
  readonly name: string;
  /** Drops the database, closing any connection left open. */
  drop(): Promise<void>;
}

/** Prefix of every database the test helpers create; a run's leftovers can be found by it. */
export const TEST_DATABASE_PREFIX = 'ddd_test_';

/**
 * Creates a fresh, empty database on the test server, so test files can run in parallel and
 * leave nothing behind. Reads the server from `TEST_DATABASE_URL`, which the Jest global setup
 * fills in.
 */
export async function createTestDatabase(serverUrl = requireServerUrl()): Promise<TestDatabase> {
  const run = process.env['DDD_TEST_RUN_ID'] ?? 'adhoc';
  const name = `${TEST_DATABASE_PREFIX}${run}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => dropDatabase(serverUrl, name),
  };
}

/** Drops every test database whose name starts with `prefix` (run leftovers). */
export async function dropTestDatabases(serverUrl: string, prefix: string): Promise<void> {
  await withAdmin(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  });
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
}

function requireServerUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url)
    throw new Error('TEST_DATABASE_URL is not set: run tests through Jest, whose global setup sets it');
  return url;
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

import { existsSync } from 'node:fs';
import pg from 'pg';

/** A PostgreSQL server that test databases are created on. */
export interface TestDatabaseServer {
  /** Admin connection URL (a maintenance database on the server). */
  readonly url: string;
  /** Where the server came from, for the log line. */
  readonly source: 'TEST_DATABASE_URL' | 'testcontainers' | 'localhost';
  /** Stops the server when this process started it. */
  stop(): Promise<void>;
}

const LOCAL_FALLBACK_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Finds the server for this test run:
 * 1. `TEST_DATABASE_URL` when set (CI and our machines);
 * 2. a PostgreSQL 17 container via Testcontainers when a Docker engine answers;
 * 3. a trust-auth PostgreSQL on 127.0.0.1:5432, so a fresh developer machine needs no setup.
 */
export async function startTestDatabaseServer(): Promise<TestDatabaseServer> {
  const fromEnv = process.env['TEST_DATABASE_URL'];
  if (fromEnv) return { url: fromEnv, source: 'TEST_DATABASE_URL', stop: async () => {} };

  if (dockerEngineAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    return {
      url: container.getConnectionUri(),
      source: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  }

  if (await answers(LOCAL_FALLBACK_URL)) {
    return { url: LOCAL_FALLBACK_URL, source: 'localhost', stop: async () => {} };
  }
  throw new Error(
    'No PostgreSQL for tests: set TEST_DATABASE_URL, run a Docker engine for Testcontainers, ' +
      'or start PostgreSQL on 127.0.0.1:5432 with trust auth.',
  );
}

function dockerEngineAvailable(): boolean {
  return Boolean(process.env['DOCKER_HOST']) || existsSync('/var/run/docker.sock');
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

import { dropTestDatabases, TEST_DATABASE_PREFIX } from '../../libs/testing/src/database/test-database.ts';

/** Drops whatever test databases this run left behind (a crashed file), then stops the server. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__dddTestDatabaseServer;
  const run = process.env['DDD_TEST_RUN_ID'];
  if (server && run) await dropTestDatabases(server.url, `${TEST_DATABASE_PREFIX}${run}_`);
  await server?.stop();
}

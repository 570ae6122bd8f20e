import { randomBytes } from 'node:crypto';
// Jest loads global setup outside its module mapper, so import the (self-contained) files directly.
import {
  startTestDatabaseServer,
  type TestDatabaseServer,
} from '../../libs/testing/src/database/test-database-server.ts';

declare global {
  var __dddTestDatabaseServer: TestDatabaseServer | undefined;
}

/**
 * Runs once per Jest project before any test file: finds the PostgreSQL server and hands its URL
 * to the workers through the environment (they are spawned after this and inherit it).
 */
export default async function globalSetup(): Promise<void> {
  // Each Jest project runs this; the first one finds the server and the rest reuse it.
  const server = (globalThis.__dddTestDatabaseServer ??= await startTestDatabaseServer());
  process.env['TEST_DATABASE_URL'] = server.url;
  process.env['DDD_TEST_RUN_ID'] ??= randomBytes(3).toString('hex');
}

// @ddd-kit/testing: test databases and given/when/then helpers.
export { startTestDatabaseServer, type TestDatabaseServer } from './database/test-database-server.js';
export {
  createTestDatabase,
  dropTestDatabases,
  TEST_DATABASE_PREFIX,
  type TestDatabase,
} from './database/test-database.js';
export {
  startDatabaseTestModule,
  type DatabaseTestModule,
  type DatabaseTestModuleOptions,
} from './nest/database-test-module.js';

// @ddd-kit/testing: test databases, given/when/then helpers, a Kafka broker and child processes.
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

export {
  aggregateScenario,
  type AggregateScenario,
  type AggregateScenarioOutcome,
  type GivenAggregate,
} from './aggregate/aggregate-scenario.js';
export {
  anEvent,
  expectEvents,
  type AggregateAssertion,
  type EventMatch,
  type ExpectedEvent,
} from './aggregate/expect-events.js';
export type { ErrorClass, ThrownErrorMatch } from './aggregate/expect-thrown.js';
export { AggregateScenarioError } from './aggregate/aggregate-scenario.error.js';

export {
  startKafkaTestBroker,
  KafkaApiKey,
  MOCK_AUTO_CREATED_PARTITIONS,
  type FailNextRequestsOptions,
  type KafkaTestBroker,
  type KafkaTestBrokerOptions,
} from './kafka/kafka-test-broker.js';
export { KafkaTestBrokerError, type KafkaTestBrokerErrorCode } from './kafka/kafka-test-broker.error.js';

export { compileForNode, type CompileForNodeOptions } from './process/compile-for-node.js';
export {
  startTestProcess,
  type TestProcess,
  type TestProcessExit,
  type TestProcessOptions,
} from './process/test-process.js';
export { until } from './wait/until.js';

export { SeededRandom } from './random/seeded-random.js';
export { freePort } from './net/free-port.js';
export { startRedisServer, type RedisServerProcess } from './redis/redis-server-process.js';

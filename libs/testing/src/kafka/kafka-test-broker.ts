import { Kafka, logLevel } from 'kafkajs';
import { buildKafkaMockBroker } from './build-kafka-mock-broker.js';
import { KafkaMockBrokerProcess } from './kafka-mock-broker-process.js';
import { KafkaTestBrokerError } from './kafka-test-broker.error.js';

/** Options of {@link startKafkaTestBroker}. */
export interface KafkaTestBrokerOptions {
  /** Brokers in the mock cluster, with ids 1..n. Ignored for a `KAFKA_BROKERS` broker. @default 1 */
  readonly brokerCount?: number;
  /** Topics to create before returning, as name → partition count. @default {} */
  readonly topics?: Readonly<Record<string, number>>;
  /** How long the mock cluster may take to start, compilation not included. @default 10_000 */
  readonly startTimeoutMs?: number;
}

/** Requests for {@link KafkaTestBroker.failNextRequests} to fail. */
export interface FailNextRequestsOptions {
  /** Kafka protocol request type, e.g. {@link KafkaApiKey.Produce}. */
  readonly apiKey: number;
  /**
   * Kafka protocol error code to answer with, e.g. 6 NOT_LEADER_OR_FOLLOWER, 7 REQUEST_TIMED_OUT,
   * 19 NOT_ENOUGH_REPLICAS (all retriable), 10 MESSAGE_TOO_LARGE (not retriable). -195 (librdkafka's
   * `__TRANSPORT`) drops the connection instead.
   */
  readonly errorCode: number;
  /** How many of the next such requests fail, across all brokers. @default 1 */
  readonly count?: number;
}

/**
 * A Kafka for one test file: librdkafka's mock cluster in a child process, or the real broker
 * named by `KAFKA_BROKERS`. Use unique topic and group names: a real broker is shared.
 */
export interface KafkaTestBroker {
  /** Bootstrap servers (`host:port`), ready for `new Kafka({ brokers })`. */
  readonly brokers: string[];
  /** True for the real broker from `KAFKA_BROKERS`, which cannot take faults. */
  readonly external: boolean;
  /** Creates a topic; an existing topic is left as it is. */
  createTopic(name: string, partitions?: number): Promise<void>;
  /** Takes one broker, or all when no id is given, offline: connections drop and are refused. */
  takeDown(brokerId?: number): Promise<void>;
  /** Brings one broker, or all, back online. Topics, messages and group offsets survive. */
  bringUp(brokerId?: number): Promise<void>;
  /** Makes the next `count` requests of one type fail with a Kafka error code. */
  failNextRequests(options: FailNextRequestsOptions): Promise<void>;
  /** Delays every response of one broker, or all, by `ms` (0 restores normal speed). */
  setResponseDelay(ms: number, brokerId?: number): Promise<void>;
  /** Stops the mock cluster (idempotent; nothing for an external broker). */
  stop(): Promise<void>;
}

/** Kafka protocol request types, for {@link KafkaTestBroker.failNextRequests}. */
export const KafkaApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  SyncGroup: 14,
} as const;

/**
 * Partitions of topics the mock cluster creates on first use (a producer's metadata request
 * with auto-creation on). librdkafka fixes this number; `createTopic` chooses another.
 */
export const MOCK_AUTO_CREATED_PARTITIONS = 4;

const DEFAULT_PARTITIONS = 3;

/**
 * Starts a Kafka broker for a test file; call `stop()` in `afterAll`.
 *
 * Without `KAFKA_BROKERS`, compiles the mock cluster launcher once (cached in
 * `.cache/kafka-mock-broker/`) and starts a cluster of its own in a few milliseconds, so fault
 * tests never disturb other files. It speaks the Kafka protocol on 127.0.0.1: kafkajs produce
 * (acks -1 included), consumer groups and outage/recovery work; admin `createTopics` and the
 * idempotent producer do not (use `createTopic` here, and keep idempotence off). If this process
 * dies without `stop()`, the cluster exits with it.
 *
 * With `KAFKA_BROKERS` (comma-separated), returns that broker instead; fault injection then
 * rejects with a `KafkaTestBrokerError` of code `EXTERNAL_BROKER`.
 */
export async function startKafkaTestBroker(options: KafkaTestBrokerOptions = {}): Promise<KafkaTestBroker> {
  const external =
    process.env['KAFKA_BROKERS']
      ?.split(',')
      .map((b) => b.trim())
      .filter(Boolean) ?? [];
  const broker = external.length ? externalBroker(external) : await mockBroker(options);
  try {
    for (const [name, partitions] of Object.entries(options.topics ?? {})) {
      await broker.createTopic(name, partitions);
    }
  } catch (error) {
    await broker.stop();
    throw error;
  }
  return broker;
}

async function mockBroker(options: KafkaTestBrokerOptions): Promise<KafkaTestBroker> {
  const brokerCount = options.brokerCount ?? 1;
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 16) {
    throw new RangeError(`brokerCount must be an integer from 1 to 16, got ${brokerCount}`);
  }
  const binary = await buildKafkaMockBroker();
  const { process: cluster, bootstraps } = await KafkaMockBrokerProcess.start(
    binary,
    brokerCount,
    options.startTimeoutMs ?? 10_000,
  );
  const allOrOne = async (verb: 'down' | 'up', brokerId?: number) => {
    if (brokerId !== undefined) assertInteger('brokerId', brokerId, 1);
    await cluster.send(brokerId === undefined ? `${verb}-all` : `${verb} ${brokerId}`);
  };
  return {
    brokers: bootstraps.split(','),
    external: false,
    createTopic: async (name, partitions = DEFAULT_PARTITIONS) => {
      assertTopicName(name);
      assertInteger('partitions', partitions, 1);
      try {
        await cluster.send(`topic ${name} ${partitions}`);
      } catch (error) {
        if (!(error instanceof KafkaTestBrokerError && /TOPIC_ALREADY_EXISTS/.test(error.message)))
          throw error;
      }
    },
    takeDown: (brokerId) => allOrOne('down', brokerId),
    bringUp: (brokerId) => allOrOne('up', brokerId),
    failNextRequests: async ({ apiKey, errorCode, count = 1 }) => {
      assertInteger('apiKey', apiKey, 0);
      assertInteger('errorCode', errorCode);
      assertInteger('count', count, 1);
      await cluster.send(`errors ${apiKey} ${count} ${errorCode}`);
    },
    setResponseDelay: async (ms, brokerId) => {
      assertInteger('ms', ms, 0);
      const ids = brokerId === undefined ? Array.from({ length: brokerCount }, (_, i) => i + 1) : [brokerId];
      for (const id of ids) {
        assertInteger('brokerId', id, 1);
        await cluster.send(`rtt ${id} ${ms}`);
      }
    },
    stop: () => cluster.stop(),
  };
}

function externalBroker(brokers: string[]): KafkaTestBroker {
  const unsupported = async (what: string): Promise<never> => {
    throw new KafkaTestBrokerError(
      'EXTERNAL_BROKER',
      `${what} is not supported with an external broker (KAFKA_BROKERS=${brokers.join(',')}); ` +
        'fault injection needs the mock cluster, which runs when KAFKA_BROKERS is unset.',
    );
  };
  return {
    brokers,
    external: true,
    createTopic: async (name, partitions = DEFAULT_PARTITIONS) => {
      assertTopicName(name);
      const admin = new Kafka({
        clientId: 'ddd-kit-test-broker',
        brokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        await admin.createTopics({
          topics: [{ topic: name, numPartitions: partitions }],
          waitForLeaders: true,
        });
      } finally {
        await admin.disconnect();
      }
    },
    takeDown: () => unsupported('takeDown()'),
    bringUp: () => unsupported('bringUp()'),
    failNextRequests: () => unsupported('failNextRequests()'),
    setResponseDelay: () => unsupported('setResponseDelay()'),
    stop: async () => {},
  };
}

// Kafka's own rule; it also keeps the name a single token of the launcher's line protocol.
function assertTopicName(name: string): void {
  if (!/^[a-zA-Z0-9._-]{1,249}$/.test(name)) {
    throw new RangeError(`Invalid Kafka topic name "${name}": use 1-249 of [a-zA-Z0-9._-]`);
  }
}

// Commands are text lines, so refuse what would not survive the trip (NaN, 1.5, 1e21).
function assertInteger(name: string, value: number, min = Number.MIN_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ''}, got ${value}`,
    );
  }
}

import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import {
  Kafka,
  logLevel,
  Partitioners,
  type KafkaConfig,
  type Message,
  type Producer,
  type RecordMetadata,
} from 'kafkajs';
import {
  KafkaApiKey,
  KafkaTestBrokerError,
  MOCK_AUTO_CREATED_PARTITIONS,
  startKafkaTestBroker,
  type KafkaTestBroker,
} from '@ddd-kit/testing';

// Outages need the mock cluster; a real broker from KAFKA_BROKERS runs the rest.
const describeMock = process.env['KAFKA_BROKERS'] ? describe.skip : describe;

interface Received {
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

describe('startKafkaTestBroker', () => {
  let broker: KafkaTestBroker;
  const disconnects: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    broker = await startKafkaTestBroker();
  }, 30_000);

  afterAll(async () => {
    for (const disconnect of disconnects.splice(0).reverse()) await disconnect().catch(() => undefined);
    await broker.stop();
  }, 10_000);

  const client = (retry?: KafkaConfig['retry']) =>
    new Kafka({
      clientId: 'kafka-test-broker-spec',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
      retry,
    });

  const producer = async (retry?: KafkaConfig['retry']): Promise<Producer> => {
    // An explicit partitioner silences kafkajs 2's "switched default partitioner" warning.
    const created = client(retry).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await created.connect();
    disconnects.push(() => created.disconnect());
    return created;
  };

  /** Reads `count` messages of `topic` from the beginning with a consumer group of its own. */
  const consume = async (topic: string, count: number): Promise<Received[]> => {
    const consumer = client().consumer({
      groupId: unique('group'),
      // Short fetch waits make disconnect quick; kafkajs waits for the fetch in flight.
      maxWaitTimeInMs: 100,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    disconnects.push(() => consumer.disconnect());
    const received: Received[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
        });
      },
    });
    await waitFor(() => received.length >= count, 10_000);
    await consumer.disconnect();
    return received;
  };

  it('hands out bootstrap servers as host:port', () => {
    expect(broker.brokers.length).toBeGreaterThan(0);
    for (const address of broker.brokers) expect(address).toMatch(/^[\w.-]+:\d+$/);
  });

  it('delivers a keyed batch with headers to a consumer group, in order per key', async () => {
    const topic = unique('orders');
    await broker.createTopic(topic, 3);
    const sent = ['a', 'b', 'c', 'd'].flatMap((order) =>
      [1, 2, 3].map((seq) => ({
        key: `order-${order}`,
        value: `${order}${seq}`,
        headers: { 'event-type': 'OrderPlaced.v1', seq: String(seq) },
      })),
    );

    const acknowledged = await (await producer()).send({ topic, acks: -1, messages: sent });
    expect(acknowledged.every((record) => record.errorCode === 0)).toBe(true);

    const received = await consume(topic, sent.length);
    expect(received).toHaveLength(sent.length);
    for (const key of new Set(sent.map((m) => m.key))) {
      const ofKey = received.filter((m) => m.key === key);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      expect(ofKey.map((m) => m.value)).toEqual(sent.filter((m) => m.key === key).map((m) => m.value));
      expect(ofKey.map((m) => m.headers)).toEqual(
        ['1', '2', '3'].map((seq) => ({ 'event-type': 'OrderPlaced.v1', seq })),
      );
    }
  }, 20_000);

  it('creates topics idempotently', async () => {
    const topic = unique('created');
    await broker.createTopic(topic, 2);
    await expect(broker.createTopic(topic, 2)).resolves.toBeUndefined();
    expect(await partitionsOf(topic)).toBe(2);
  }, 10_000);

  describeMock('fault injection (mock cluster)', () => {
    it('fails a produce while the broker is down; after it is back, produce succeeds and nothing acknowledged is lost', async () => {
      const topic = unique('outage');
      await broker.createTopic(topic, 3);
      // Few, short retries so the outage shows as a quick failure rather than a long stall.
      const impatient = await producer({ retries: 2, initialRetryTime: 50, maxRetryTime: 200 });
      const before = keyed('before', 6);
      const after = keyed('after', 6);
      const acknowledged = await impatient.send({ topic, acks: -1, messages: before });

      await broker.takeDown();
      try {
        const started = Date.now();
        await expect(impatient.send({ topic, acks: -1, messages: keyed('during', 3) })).rejects.toThrow(
          /ECONNREFUSED|Connection/i,
        );
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        await broker.bringUp();
      }
      acknowledged.push(...(await impatient.send({ topic, acks: -1, messages: after })));

      const received = await consume(topic, before.length + after.length);
      expect(received.map((m) => m.value).sort()).toEqual([...before, ...after].map((m) => m.value).sort());
      // Every acknowledged base offset is there, with the message that was sent.
      for (const record of acknowledged) expect(offsetsIn(received, record)).toBe(true);
    }, 25_000);

    it('lets a send started during a short outage finish once the broker is back', async () => {
      const topic = unique('stall');
      await broker.createTopic(topic, 1);
      const patient = await producer({ retries: 20, initialRetryTime: 100, maxRetryTime: 200 });
      await patient.send({ topic, messages: keyed('warm-up', 1) });

      await broker.takeDown();
      let settled = false;
      const sending = patient.send({ topic, acks: -1, messages: keyed('stalled', 1) }).finally(() => {
        settled = true;
      });
      await sleep(600);
      expect(settled).toBe(false);
      await broker.bringUp();

      const [record] = await sending;
      expect(record).toMatchObject({ topicName: topic, partition: 0, baseOffset: '1', errorCode: 0 });
    }, 15_000);

    it('fails the next requests of one type with an injected error code', async () => {
      const topic = unique('injected');
      await broker.createTopic(topic, 1);
      const retrying = await producer({ retries: 3, initialRetryTime: 50 });
      const once = await producer({ retries: 0 });

      // 7 REQUEST_TIMED_OUT is retriable: the retrying producer gets through.
      await broker.failNextRequests({ apiKey: KafkaApiKey.Produce, errorCode: 7, count: 2 });
      await expect(retrying.send({ topic, messages: keyed('retried', 1) })).resolves.toHaveLength(1);

      // 10 MESSAGE_TOO_LARGE is not: the error reaches the caller as is.
      await broker.failNextRequests({ apiKey: KafkaApiKey.Produce, errorCode: 10 });
      await expect(once.send({ topic, messages: keyed('refused', 1) })).rejects.toMatchObject({
        type: 'MESSAGE_TOO_LARGE',
      });
      await expect(once.send({ topic, messages: keyed('fine', 1) })).resolves.toHaveLength(1);
    }, 15_000);

    it('delays responses', async () => {
      const topic = unique('slow');
      await broker.createTopic(topic, 1);
      const fast = await producer();
      await fast.send({ topic, messages: keyed('warm-up', 1) });

      await broker.setResponseDelay(300);
      try {
        const started = Date.now();
        await fast.send({ topic, messages: keyed('slow', 1) });
        expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      } finally {
        await broker.setResponseDelay(0);
      }
    }, 10_000);

    it(`auto-creates unknown topics with ${MOCK_AUTO_CREATED_PARTITIONS} partitions`, async () => {
      const topic = unique('auto');
      await (await producer()).send({ topic, messages: keyed('auto', 1) });
      expect(await partitionsOf(topic)).toBe(MOCK_AUTO_CREATED_PARTITIONS);
    }, 10_000);

    it('refuses commands for brokers it does not have', async () => {
      await expect(broker.takeDown(7)).rejects.toMatchObject({ code: 'COMMAND_FAILED' });
    });
  });

  async function partitionsOf(topic: string): Promise<number> {
    const admin = client().admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      return topics[0]?.partitions.length ?? 0;
    } finally {
      await admin.disconnect();
    }
  }
});

describeMock('KafkaTestBroker.stop', () => {
  it('ends the mock cluster: its port refuses connections and later commands reject', async () => {
    const own = await startKafkaTestBroker({ brokerCount: 2 });
    expect(own.brokers).toHaveLength(2);
    await own.stop();
    await own.stop();

    for (const address of own.brokers) await expect(canConnect(address)).resolves.toBe(false);
    await expect(own.takeDown()).rejects.toMatchObject({ code: 'BROKER_STOPPED' });
  }, 10_000);
});

describe('startKafkaTestBroker with KAFKA_BROKERS', () => {
  const saved = process.env['KAFKA_BROKERS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['KAFKA_BROKERS'];
    else process.env['KAFKA_BROKERS'] = saved;
  });

  it('returns that broker, and fault injection throws', async () => {
    process.env['KAFKA_BROKERS'] = 'kafka-1:9092, kafka-2:9092';
    const external = await startKafkaTestBroker();

    expect(external).toMatchObject({ brokers: ['kafka-1:9092', 'kafka-2:9092'], external: true });
    const refused = external.takeDown();
    await expect(refused).rejects.toBeInstanceOf(KafkaTestBrokerError);
    await expect(refused).rejects.toMatchObject({ code: 'EXTERNAL_BROKER' });
    await expect(external.bringUp()).rejects.toThrow(/not supported with an external broker/);
    await expect(external.stop()).resolves.toBeUndefined();
  });
});

function keyed(prefix: string, count: number): (Message & { key: string; value: string })[] {
  return Array.from({ length: count }, (_, i) => ({ key: `${prefix}-${i % 3}`, value: `${prefix}-${i}` }));
}

function offsetsIn(received: Received[], record: RecordMetadata): boolean {
  return received.some((m) => m.partition === record.partition && m.offset === record.baseOffset);
}

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

function canConnect(address: string): Promise<boolean> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.split(':').pop())];
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { PassportContext, UnitOfWork } from '@ddd-kit/database';
import { KafkaTransport, OutboxMessage, OutboxStatus } from '@ddd-kit/outbox';
import { startKafkaTestBroker, type DatabaseTestModule, type KafkaTestBroker } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';

interface Received {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

// Both producers: on the relay's thread (the default) and in a worker thread.
describe.each([
  ['in a worker thread', true],
  ['on the relay thread', false],
])('KafkaTransport through the relay, producer %s', (_, sendInWorker) => {
  let broker: KafkaTestBroker;
  let app: DatabaseTestModule;
  const received: Received[] = [];
  let stopConsumer: () => Promise<void>;

  beforeAll(async () => {
    broker = await startKafkaTestBroker({ topics: { 'bank.test.account': 3, 'test.bank.money': 3 } });
    app = await startAccountTestModule({
      routing: { topicPrefix: 'bank.' },
      transport: new KafkaTransport({ brokers: broker.brokers, sendInWorker }),
      relay: { pollIntervalMs: 100 },
    });
    const consumer = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: `outbox-test-${sendInWorker}`,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: ['bank.test.account', 'test.bank.money'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
        received.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          value: JSON.parse(message.value?.toString() ?? 'null'),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
      },
    });
    stopConsumer = () => consumer.disconnect();
  }, 30_000);
  afterAll(async () => {
    await stopConsumer?.();
    await app?.close();
    await broker?.stop();
  });

  it('delivers topic, key, headers and payload, and records partition and offset on the row', async () => {
    const uow = app.module.get(UnitOfWork);
    const accounts = app.module.get(AccountRepository);
    const id = await app.module.get(PassportContext).run({ tenantId: 't-1', correlationId: 'c-1' }, () =>
      uow.run(async () => {
        const account = Account.open('dora');
        account.deposit(42);
        accounts.add(account);
        return account.id;
      }),
    );

    const deadline = Date.now() + 20_000;
    while (received.filter((m) => m.key === id).length < 2 && Date.now() < deadline) await sleep(50);

    // Two topics: Kafka orders within a topic-partition only, so compare in event-type order.
    const mine = received
      .filter((m) => m.key === id)
      .sort((a, b) => (a.headers['event-type'] ?? '').localeCompare(b.headers['event-type'] ?? ''));
    expect(mine.map((m) => [m.topic, m.headers['event-type'], m.value])).toEqual([
      ['bank.test.account', 'test.bank.account-opened', { owner: 'dora' }],
      ['test.bank.money', 'test.bank.money-deposited', { amount: 42, at: '1970-01-01T00:00:00.000Z' }],
    ]);
    expect(mine[0]?.headers).toMatchObject({
      'aggregate-id': id,
      'aggregate-type': 'test.account',
      'tenant-id': 't-1',
      'correlation-id': 'c-1',
      'event-version': '1',
      'content-type': 'application/json',
    });
    const rows = await app.orm.em
      .fork()
      .find(OutboxMessage, { aggregateId: id }, { orderBy: { eventType: 'asc' } });
    expect(rows.map((row) => row.status)).toEqual([OutboxStatus.Published, OutboxStatus.Published]);
    expect(rows.map((row) => [row.kafkaPartition, row.kafkaOffset])).toEqual(
      mine.map((m) => [m.partition, m.offset]),
    );
  }, 30_000);
});

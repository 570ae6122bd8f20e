import { setTimeout as sleep } from 'node:timers/promises';
import { UnitOfWork } from '@ddd-kit/database';
import { KafkaTransport, OutboxMessage, OutboxStatus } from '@ddd-kit/outbox';
import { startKafkaTestBroker, type DatabaseTestModule, type KafkaTestBroker } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { DeliveryRecorder } from './fixture/delivery-recorder.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';

const TOPIC = 'bank.accounts';
const outage = process.env['KAFKA_BROKERS'] ? describe.skip : describe;

outage('relay through a Kafka broker outage', () => {
  let broker: KafkaTestBroker;
  let app: DatabaseTestModule;
  let recorder: DeliveryRecorder | undefined;

  beforeAll(async () => {
    broker = await startKafkaTestBroker({ topics: { [TOPIC]: 3 } });
    app = await startAccountTestModule({
      routing: { topics: { 'test.bank.account-opened': TOPIC, 'test.bank.money-deposited': TOPIC } },
      transport: new KafkaTransport({
        brokers: broker.brokers,
        ackTimeoutMs: 2_000,
        kafka: { retry: { retries: 1, initialRetryTime: 100 }, connectionTimeout: 500 },
      }),
      relay: { pollIntervalMs: 100, backoffBaseMs: 200, backoffMaxMs: 1_000, maxAttempts: 1_000 },
    });
    recorder = await DeliveryRecorder.start(broker.brokers, TOPIC, 'outage-test');
  }, 30_000);
  afterAll(async () => {
    await recorder?.stop();
    await app?.close();
    await broker?.stop();
  });

  it('delivers every committed event after the broker comes back, in per-aggregate order', async () => {
    const uow = app.module.get(UnitOfWork);
    const accounts = app.module.get(AccountRepository);
    const ids = await Promise.all(
      Array.from({ length: 10 }, () =>
        uow.run(async () => {
          const account = Account.open('load');
          accounts.add(account);
          return account.id;
        }),
      ),
    );
    const writeLoad = async (rounds: number) => {
      for (let round = 0; round < rounds; round++) {
        await Promise.all(
          ids.map((id) =>
            uow.run(async () => (await accounts.get(id)).deposit(round), { retryOnConflict: 5 }),
          ),
        );
        await sleep(50);
      }
    };

    await writeLoad(5);
    await broker.takeDown();
    await writeLoad(20); // about 3 s of writes while the broker is down
    await broker.bringUp();
    await writeLoad(5);

    const committed = await app.orm.em.fork().find(OutboxMessage, {}, { orderBy: { seq: 'asc' } });
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      const delivered = new Set(recorder!.deliveries.map((m) => m.eventId));
      if (committed.every((row) => delivered.has(row.id))) break;
      await sleep(200);
    }

    const delivered = new Set(recorder!.deliveries.map((m) => m.eventId));
    const lost = committed.filter((row) => !delivered.has(row.id));
    expect(lost).toEqual([]);
    // Duplicates are allowed; order is checked on first deliveries.
    const firstSeen = new Map<string, string[]>();
    const counted = new Set<string>();
    for (const message of recorder!.deliveries) {
      if (counted.has(message.eventId)) continue;
      counted.add(message.eventId);
      firstSeen.set(message.aggregateId, [...(firstSeen.get(message.aggregateId) ?? []), message.eventId]);
    }
    for (const id of ids) {
      expect(firstSeen.get(id)).toEqual(
        committed.filter((row) => row.aggregateId === id).map((row) => row.id),
      );
    }
    const rows = await app.orm.em.fork().find(OutboxMessage, {});
    expect(rows.every((row) => row.status === OutboxStatus.Published)).toBe(true);
    // The outage really hit the relay: some sends failed and were retried.
    expect(rows.some((row) => row.attempts > 0)).toBe(true);
  }, 90_000);
});

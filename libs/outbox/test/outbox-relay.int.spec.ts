import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM } from '@mikro-orm/core';
import { UnitOfWork } from '@ddd-kit/database';
import { OutboxAdmin, OutboxMessage, OutboxRelay, OutboxStatus } from '@ddd-kit/outbox';
import { PageRequest } from '@ddd-kit/core';
import { type DatabaseTestModule } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';
import { RecordingTransport } from './fixture/recording.transport.js';

const relayOptions = {
  pollIntervalMs: 50,
  batchSize: 50,
  maxAttempts: 3,
  backoffBaseMs: 10,
  backoffMaxMs: 50,
  leaseMs: 400,
};

describe('OutboxRelay', () => {
  let app: DatabaseTestModule;
  let uow: UnitOfWork;
  let accounts: AccountRepository;
  const transport = new RecordingTransport();

  beforeAll(async () => {
    app = await startAccountTestModule({ transport, relay: { ...relayOptions, enabled: false } });
    uow = app.module.get(UnitOfWork);
    accounts = app.module.get(AccountRepository);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    transport.received.length = 0;
    transport.failFor.clear();
    transport.latencyMs = 0;
    await app.orm.em.getConnection().execute('truncate outbox_messages, accounts');
  });

  /** Another instance of the app on the same database, relay on, as a second process would be. */
  const startInstance = () =>
    startAccountTestModule(
      { transport, relay: { ...relayOptions, listen: true } },
      { existing: app.database },
    );
  const openAccount = () =>
    uow.run(async () => {
      const account = Account.open('owner');
      accounts.add(account);
      return account.id;
    });
  const deposit = (id: string, amount: number) =>
    uow.run(async () => (await accounts.get(id)).deposit(amount), { retryOnConflict: 20 });
  const rows = () => app.orm.em.fork().find(OutboxMessage, {}, { orderBy: { seq: 'asc' } });
  const waitUntil = async (condition: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await sleep(25);
    }
  };

  it('keeps per-aggregate order with 2 relays and concurrent writers, losing nothing', async () => {
    transport.latencyMs = 5;
    const instances = await Promise.all([startInstance(), startInstance()]);
    try {
      const ids = await Promise.all(Array.from({ length: 40 }, openAccount));
      const writers = Array.from({ length: 20 }, async (_, writer) => {
        for (let round = 0; round < 5; round++)
          await deposit(ids[(writer * 7 + round * 3) % ids.length]!, writer * 10 + round);
      });
      await Promise.all(writers);
      const committed = await rows();
      await waitUntil(() => transport.received.length >= committed.length);
      await waitUntil(async () => (await rows()).every((row) => row.status === OutboxStatus.Published));

      const expected = new Map<string, string[]>();
      for (const row of committed)
        expected.set(row.aggregateId, [...(expected.get(row.aggregateId) ?? []), row.id]);
      const delivered = new Map<string, string[]>();
      for (const message of transport.received) {
        delivered.set(message.aggregateId, [...(delivered.get(message.aggregateId) ?? []), message.id]);
      }
      expect(committed).toHaveLength(40 + 100);
      expect(delivered).toEqual(expected);
      const published = await rows();
      expect(published.every((row) => row.kafkaPartition === 0 && row.kafkaOffset !== null)).toBe(true);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  }, 30_000);

  it('publishes a transaction that commits after a later row was already published', async () => {
    const relay = app.module.get(OutboxRelay);
    const early = await openAccount();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let flushed!: () => void;
    const insertedButOpen = new Promise<void>((resolve) => (flushed = resolve));
    const lateCommit = uow.run(async () => {
      const account = Account.open('late');
      accounts.add(account);
      await app.module.get(MikroORM).em.flush(); // its row exists (lower seq) but is not committed
      flushed();
      await gate;
      return account.id;
    });
    await insertedButOpen;
    const later = await openAccount(); // higher seq, committed first
    await relay.relayOnce();
    expect(transport.received.map((m) => m.aggregateId)).toEqual([early, later]);

    release();
    const lateId = await lateCommit;
    await relay.relayOnce();
    expect(transport.received.map((m) => m.aggregateId)).toEqual([early, later, lateId]);
  });

  it('parks only the poisoned lane: dead after maxAttempts, other aggregates keep flowing', async () => {
    const relay = app.module.get(OutboxRelay);
    const poisoned = await openAccount();
    await deposit(poisoned, 1);
    const healthy = await openAccount();
    transport.failFor.add(poisoned);

    for (let round = 0; round < 20; round++) {
      await relay.relayOnce();
      await sleep(20);
    }
    const byId = new Map((await rows()).map((row) => [row.id, row]));
    const lane = (await rows()).filter((row) => row.aggregateId === poisoned);
    expect(lane.map((row) => [row.status, row.attempts])).toEqual([
      [OutboxStatus.Dead, 3],
      [OutboxStatus.Pending, 0], // waits behind the dead row, never overtakes it
    ]);
    expect(lane[0]?.lastError).toBe(`poison ${poisoned}`);
    expect(transport.received.map((m) => m.aggregateId)).toEqual([healthy]);
    expect(byId.size).toBe(3);

    // Operations: the dead row is listed, and replaying it once the fault is gone drains the lane in order.
    const admin = app.module.get(OutboxAdmin);
    const dead = await admin.listDead({ aggregateId: poisoned }, PageRequest.of({}));
    expect(dead.items.map((row) => row.id)).toEqual([lane[0]?.id]);
    expect(dead.total).toBe(1);
    expect((await admin.listDead({ tenantId: 'someone-else' }, PageRequest.of({}))).total).toBe(0);
    transport.failFor.clear();
    expect(await admin.replay({ aggregateId: poisoned })).toBe(1);
    await relay.relayOnce();
    expect(transport.received.map((m) => m.id)).toEqual([
      transport.received[0]?.id,
      ...lane.map((row) => row.id),
    ]);
    expect(await admin.purge({})).toBe(0);
  });

  // Regression: the claim took the oldest due rows before checking their lanes, so a blocked lane
  // with a batch's worth of rows behind its head filled every claim and stalled all aggregates.
  it('keeps other aggregates flowing when a blocked lane holds more rows than a batch', async () => {
    const relay = app.module.get(OutboxRelay);
    const poisoned = await uow.run(async () => {
      const account = Account.open('poisoned');
      for (let amount = 1; amount <= relayOptions.batchSize + 10; amount++) account.deposit(amount);
      accounts.add(account);
      return account.id;
    });
    const healthy = await openAccount();
    transport.failFor.add(poisoned);

    for (let round = 0; round < 10 && transport.received.length === 0; round++) {
      await relay.relayOnce();
      await sleep(20);
    }
    expect(transport.received.map((m) => m.aggregateId)).toEqual([healthy]);
    const lane = (await rows()).filter((row) => row.aggregateId === poisoned);
    expect(lane.filter((row) => row.status === OutboxStatus.Published)).toEqual([]);
  });

  it('reclaims the rows of a relay that died holding a lease, once the lease expires', async () => {
    const id = await openAccount();
    // A relay that died right after claiming (relay-crash.int.spec.ts kills a real one).
    await app.orm.em
      .getConnection()
      .execute(
        `update outbox_messages set locked_by = 'crashed-relay', locked_until = now() + make_interval(secs => ?)`,
        [relayOptions.leaseMs / 1000],
      );

    const survivor = app.module.get(OutboxRelay);
    expect(await survivor.relayOnce()).toBe(0); // still leased
    await sleep(relayOptions.leaseMs + 100);
    expect(await survivor.relayOnce()).toBe(1);
    expect(transport.received.map((m) => m.aggregateId)).toEqual([id]);
  });
});

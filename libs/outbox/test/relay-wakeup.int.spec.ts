import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { UnitOfWork } from '@ddd-kit/database';
import { OutboxRelay, RELAY_LISTENER_APPLICATION_NAME } from '@ddd-kit/outbox';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';
import { GatedTransport } from './fixture/gated.transport.js';
import { RecordingTransport } from './fixture/recording.transport.js';
import { until } from '@ddd-kit/testing';

// Regression (bench:relay): a NOTIFY that arrived while a round was in flight woke nobody, so the
// commit behind it waited for the fallback poll (1 s by default) instead of the next round.
describe('OutboxRelay wake-up', () => {
  let app: DatabaseTestModule;
  const transport = new GatedTransport();

  beforeAll(async () => {
    app = await startAccountTestModule({ transport, relay: { enabled: false, pollIntervalMs: 10_000 } });
  });
  afterAll(async () => {
    transport.open();
    await app.close();
  });

  const openAccount = () =>
    app.module.get(UnitOfWork).run(async () => {
      const account = Account.open('owner');
      app.module.get(AccountRepository).add(account);
      return account.id;
    });

  it('does not miss a commit notified while a round is in flight', async () => {
    const relay = app.module.get(OutboxRelay);
    await relay.start();
    await openAccount();
    await transport.sent; // the first round holds its batch at the gate
    const late = await openAccount(); // its NOTIFY arrives mid-round
    await sleep(100);
    transport.open();

    const deadline = Date.now() + 3_000; // far below the 10 s poll
    while (!transport.batches.some((batch) => batch.some((m) => m.aggregateId === late))) {
      if (Date.now() > deadline) throw new Error('the notified commit waited for the poll');
      await sleep(20);
    }
    await relay.stop();
  });
});

// Regression: the relay's LISTEN session was one-shot; once PostgreSQL ended it (a restart, an
// admin's pg_terminate_backend) every later commit waited for the fallback poll until the
// process restarted.
describe('OutboxRelay LISTEN session', () => {
  let app: DatabaseTestModule;
  const transport = new RecordingTransport();

  beforeAll(async () => {
    app = await startAccountTestModule({ transport, relay: { enabled: false, pollIntervalMs: 10_000 } });
  });
  afterAll(() => app.close());

  const openAccount = () =>
    app.module.get(UnitOfWork).run(async () => {
      const account = Account.open('owner');
      app.module.get(AccountRepository).add(account);
      return account.id;
    });
  const delivered = (id: string) => () => transport.received.some((m) => m.aggregateId === id);

  it('comes back after its backend is terminated and wakes on commits again', async () => {
    const relay = app.module.get(OutboxRelay);
    await relay.start();
    const admin = new pg.Client({ connectionString: app.database.url });
    await admin.connect();
    try {
      const listeners = () =>
        admin.query<{ pid: number }>(
          `select pid from pg_stat_activity where datname = current_database() and application_name = $1`,
          [RELAY_LISTENER_APPLICATION_NAME],
        );
      await until(delivered(await openAccount()), 'a commit before the cut', 3_000);
      const before = await listeners();
      expect(before.rows).toHaveLength(1);
      await admin.query('select pg_terminate_backend($1)', [before.rows[0]!.pid]);

      await until(
        async () => (await listeners()).rows.some((row) => row.pid !== before.rows[0]!.pid),
        'a new LISTEN session',
        5_000,
      );
      // Far below the 10 s poll: only a NOTIFY wakes the relay this fast.
      await until(delivered(await openAccount()), 'a commit after the cut', 3_000);
    } finally {
      await admin.end();
      await relay.stop();
    }
  }, 30_000);
});

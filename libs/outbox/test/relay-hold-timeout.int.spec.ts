import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { UnitOfWork } from '@ddd-kit/database';
import { OutboxRelay } from '@ddd-kit/outbox';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';
import { GatedTransport } from './fixture/gated.transport.js';
import { HELD_ROWS_SQL } from './fixture/held-rows.js';

const LEASE_MS = 300;
const ACCOUNTS = 5;

/**
 * A batch stays at the broker longer than `leaseMs`: PostgreSQL ends the claim's transaction
 * (`idle_in_transaction_session_timeout`) and with it the connection, so the rows are free again
 * while the relay still waits for the broker. When the broker answers, the outcome cannot be
 * written; the rows must then go out again (a duplicate is allowed, a loss is not), and the relay
 * must keep going on fresh connections.
 */
describe('OutboxRelay, a batch held past its lease', () => {
  let app: DatabaseTestModule;
  const transport = new GatedTransport();

  beforeAll(async () => {
    app = await startAccountTestModule({
      transport,
      relay: { enabled: false, batchSize: 10, pollIntervalMs: 50, leaseMs: LEASE_MS },
    });
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

  it('sends the rows again once the broker answers, loses none, and goes on', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < ACCOUNTS; i++) ids.add(await openAccount());
    const admin = new pg.Client({ connectionString: app.database.url });
    await admin.connect();
    const relay = app.module.get(OutboxRelay);
    try {
      await relay.start();
      const first = await transport.sent;
      expect(first).toHaveLength(ACCOUNTS);

      // Past the lease, PostgreSQL has ended the claim's transaction: nothing is held any more.
      await sleep(LEASE_MS * 3);
      expect((await admin.query(HELD_ROWS_SQL)).rows).toEqual([]);

      transport.open();
      const later = await openAccount();
      const deadline = Date.now() + 10_000;
      const statuses = async () =>
        (await admin.query<{ status: string }>('select status from outbox_messages')).rows.map(
          (row) => row.status,
        );
      while ((await statuses()).some((status) => status !== 'published')) {
        if (Date.now() > deadline) throw new Error(`still unpublished: ${String(await statuses())}`);
        await sleep(50);
      }

      const sent = transport.batches.flat().map((envelope) => envelope.aggregateId);
      for (const id of [...ids, later]) expect(sent).toContain(id);
      // The first batch's rows went out twice: its outcome could not be recorded.
      for (const id of ids) expect(sent.filter((sentId) => sentId === id).length).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
      await relay.stop();
    }
  }, 30_000);
});

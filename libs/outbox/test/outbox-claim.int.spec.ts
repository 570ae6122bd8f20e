import pg from 'pg';
import { UnitOfWork } from '@ddd-kit/database';
import { OutboxMessage, OutboxTransport, type DeliveryResult } from '@ddd-kit/outbox';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { OutboxStore, type ClaimedBatch } from '../src/relay/outbox-store.js';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';

class UnusedTransport extends OutboxTransport {
  publish(): Promise<DeliveryResult[]> {
    throw new Error('the relay is off in this test');
  }
}

/**
 * What one claim may take while other transactions hold rows: never a row behind a held row of
 * its own aggregate, whoever holds it, and everything else that is due.
 */
describe('OutboxStore.claim', () => {
  let app: DatabaseTestModule;
  let store: OutboxStore;
  const open: ClaimedBatch[] = [];
  let other: pg.Client | undefined;

  /** Opens an account and deposits `deposits` times in one commit: 1 + deposits rows, in order. */
  async function accountWithRows(deposits: number): Promise<string> {
    return app.module.get(UnitOfWork).run(async () => {
      const account = Account.open('claim test');
      for (let amount = 1; amount <= deposits; amount++) account.deposit(amount);
      app.module.get(AccountRepository).add(account);
      return account.id;
    });
  }

  /** The outbox rows of an aggregate, oldest first. */
  async function rowsOf(aggregateId: string): Promise<string[]> {
    const rows = await app.orm.em.fork().find(OutboxMessage, { aggregateId }, { orderBy: { seq: 'asc' } });
    return rows.map((row) => row.id);
  }

  async function claim(limit: number): Promise<string[]> {
    const batch = await store.claim({ limit, holdMs: 60_000 });
    if (!batch) return [];
    open.push(batch);
    return batch.messages.map((message) => message.id);
  }

  beforeEach(async () => {
    app = await startAccountTestModule({ transport: new UnusedTransport(), relay: { enabled: false } });
    store = app.module.get(OutboxStore);
  });

  afterEach(async () => {
    for (const batch of open.splice(0)) await batch.giveBack();
    await other?.end();
    other = undefined;
    await app.close();
  });

  it('takes no row of an aggregate whose earlier row another claim holds', async () => {
    const a = await accountWithRows(2);
    const b = await accountWithRows(0);
    const [a1, a2, a3] = await rowsOf(a);
    const [b1] = await rowsOf(b);

    expect(await claim(1)).toEqual([a1]);
    // Not a2 and a3, though due and not locked: a1 is not published yet.
    expect(await claim(10)).toEqual([b1]);
    expect(a2).toBeDefined();
    expect(a3).toBeDefined();
  });

  it('takes the rows before a held row of their aggregate, and none after it', async () => {
    const a = await accountWithRows(2);
    const b = await accountWithRows(1);
    const [a1, a2] = await rowsOf(a);
    const [b1, b2] = await rowsOf(b);
    // Another session (another relay, say) holds a2 locked.
    other = new pg.Client({ connectionString: app.database.url });
    await other.connect();
    await other.query('begin');
    await other.query('select 1 from outbox_messages where id = $1 for update', [a2]);

    expect(await claim(10)).toEqual([a1, b1, b2]);
  });
});

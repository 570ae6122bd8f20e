import { setTimeout as sleep } from 'node:timers/promises';
import { UnitOfWork } from '@ddd-kit/database';
import { OutboxRelay } from '@ddd-kit/outbox';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';
import { GatedTransport } from './fixture/gated.transport.js';

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

import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { UnitOfWork } from '@ddd-kit/database';
import { OutboxRelay } from '@ddd-kit/outbox';
import type { DatabaseTestModule } from '@ddd-kit/testing';
import { Account } from './fixture/account.aggregate.js';
import { AccountRepository, startAccountTestModule } from './fixture/account-test-module.js';
import { RecordingTransport } from './fixture/recording.transport.js';

describe('OutboxMetrics', () => {
  const registry = new Registry();
  const transport = new RecordingTransport();
  let app: DatabaseTestModule;

  beforeAll(async () => {
    app = await startAccountTestModule({
      transport,
      metrics: { registry },
      relay: { enabled: false, maxAttempts: 2, backoffBaseMs: 1, backoffMaxMs: 1 },
    });
  });
  afterAll(() => app.close());

  const openAccounts = (count: number) =>
    app.module.get(UnitOfWork).run(async () => {
      const opened = Array.from({ length: count }, () => Account.open('owner'));
      for (const account of opened) {
        account.deposit(1);
        app.module.get(AccountRepository).add(account);
      }
      return opened;
    });
  const value = async (name: string, labels: Record<string, string> = {}) => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
    const sample = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return sample?.value;
  };

  it('reports the backlog from the table, and what the relay published, retried and killed', async () => {
    const [poisoned] = await openAccounts(3); // 6 events: 3 on topic test.account, 3 on test.bank.money
    transport.failFor.add(poisoned!.id);
    await sleep(1_100); // the oldest pending row ages, and the backlog cache expires

    expect(await value('ddd_kit_outbox_pending_messages')).toBe(6);
    expect(await value('ddd_kit_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(1);

    const relay = app.module.get(OutboxRelay);
    await relay.relayOnce(); // 4 published; the poisoned lane fails once, its second row is held back
    await sleep(5);
    await relay.relayOnce(); // the poisoned row's second attempt: dead
    await sleep(1_100);

    expect(await value('ddd_kit_outbox_published_total', { topic: 'test.account' })).toBe(2);
    expect(await value('ddd_kit_outbox_published_total', { topic: 'test.bank.money' })).toBe(2);
    expect(await value('ddd_kit_outbox_failures_total', { topic: 'test.account', outcome: 'retry' })).toBe(1);
    expect(await value('ddd_kit_outbox_failures_total', { topic: 'test.account', outcome: 'dead' })).toBe(1);
    expect(await value('ddd_kit_outbox_pending_messages')).toBe(1); // parked behind the dead row
    expect(await value('ddd_kit_outbox_dead_messages')).toBe(1);
    expect((await registry.metrics()).includes('ddd_kit_outbox_relay_round_seconds_count 2')).toBe(true);
  });
});
